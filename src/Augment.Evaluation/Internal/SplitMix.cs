namespace Augment.Evaluation.Internal;

/// <summary>
/// A seeded SplitMix64 generator whose sequence is fixed by its definition (seeded <see cref="System.Random"/> is
/// not a documented contract), so every sampled index in the metrics is reproducible across .NET versions.
/// </summary>
internal struct SplitMix(int seed)
{
    private ulong _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ 0xA0761D6478BD642FUL;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), bound &gt; 0.</summary>
    public int NextInt(int bound) => (int)((NextUInt64() >> 32) * (ulong)bound >> 32);

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A random permutation of 0..n-1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (var i = 0; i < n; i++)
        {
            p[i] = i;
        }

        for (var i = n - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }

        return p;
    }

    /// <summary>Up to <paramref name="count"/> distinct indices of 0..n-1 in ascending order (all when count ≥ n).</summary>
    public int[] Subset(int n, int count)
    {
        if (count >= n)
        {
            return Enumerable.Range(0, n).ToArray();
        }

        var chosen = Permutation(n).AsSpan(0, count).ToArray();
        Array.Sort(chosen);
        return chosen;
    }
}
