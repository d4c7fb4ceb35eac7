using System.Numerics.Tensors;

namespace Augment.Synthesis;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a fixed, documented sequence (System.Random's seeded sequence is not a
/// contract), fast, and good enough for simulation. Not thread-safe: one instance per sampling call.
/// </summary>
public sealed class RandomSource
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;
    private double _spareNormal;
    private bool _hasSpare;

    public RandomSource(long seed)
    {
        var x = unchecked((ulong)seed);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in the open interval (0, 1).</summary>
    public double NextOpenUnit() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>A standard normal draw (Box–Muller; the second value of each pair is kept for the next call).</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }

        var radius = Math.Sqrt(-2.0 * Math.Log(NextOpenUnit()));
        var angle = 2.0 * Math.PI * NextOpenUnit();
        _spareNormal = radius * Math.Sin(angle);
        _hasSpare = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>Fills <paramref name="destination"/> with standard normal draws in single precision: Box–Muller over
    /// pairs of 24-bit uniforms, with the logarithms, roots and sines computed in vectors. A different (faster) stream
    /// than <see cref="NextNormal"/>; it does not touch that method's kept spare.</summary>
    public void FillNormal(Span<float> destination)
    {
        const int chunk = 256;
        Span<float> u = stackalloc float[chunk];
        Span<float> v = stackalloc float[chunk];
        Span<float> sin = stackalloc float[chunk];
        Span<float> cos = stackalloc float[chunk];
        for (var start = 0; start < destination.Length; start += 2 * chunk)
        {
            var pairs = Math.Min(chunk, (destination.Length - start + 1) / 2);
            var uu = u[..pairs];
            var vv = v[..pairs];
            for (var i = 0; i < pairs; i++)
            {
                var bits = NextUInt64();
                uu[i] = ((bits >> 40) + 0.5f) * (1f / (1 << 24)); // (0, 1): log is finite
                vv[i] = (bits & 0xFFFFFF) * (1f / (1 << 24));
            }

            TensorPrimitives.Log(uu, uu);
            TensorPrimitives.Multiply(uu, -2f, uu);
            TensorPrimitives.Sqrt(uu, uu);
            TensorPrimitives.Multiply(vv, 2f * MathF.PI, vv);
            TensorPrimitives.Sin(vv, sin[..pairs]);
            TensorPrimitives.Cos(vv, cos[..pairs]);
            var target = destination[start..];
            var first = Math.Min(pairs, target.Length);
            TensorPrimitives.Multiply(uu[..first], cos[..first], target[..first]);
            var second = Math.Min(pairs, target.Length - first);
            TensorPrimitives.Multiply(uu[..second], sin[..second], target.Slice(first, second));
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
