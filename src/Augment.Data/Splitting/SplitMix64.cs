namespace Augment.Data;

/// <summary>
/// A tiny seeded generator (SplitMix64) whose sequence is fixed by its definition, so splits stay the same across
/// .NET versions (System.Random's seeded sequence is not a documented contract).
/// </summary>
internal struct SplitMix64(int seed)
{
    private ulong _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ 0xD1B54A32D192ED03UL;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>) (bound &gt; 0), by Lemire's multiply-shift.</summary>
    public int NextInt(int bound) => (int)((NextUInt64() >> 32) * (ulong)bound >> 32);
}
