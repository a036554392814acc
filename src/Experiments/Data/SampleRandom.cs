namespace Ablation.Experiments.Data;

/// <summary>
/// A small counter-free random generator (SplitMix64, Steele, Lea and Flood, "Fast splittable pseudorandom
/// number generators", OOPSLA 2014) whose state is derived from a tuple of integers. The data pipeline
/// gives every sample its own generator seeded by (seed, epoch, index), so the augmentation of a sample
/// does not depend on which thread draws it, nor in which order: the batch stream is a pure function of
/// (seed, epoch).
/// </summary>
public struct SampleRandom
{
    private ulong state;

    public SampleRandom(ulong seed) => state = seed;

    /// <summary>A generator for the tuple (a, b, c, d): each part is mixed in, so near tuples are unrelated.</summary>
    public static SampleRandom For(ulong a, ulong b = 0, ulong c = 0, ulong d = 0)
    {
        ulong h = Mix(a + 0x9E3779B97F4A7C15UL);
        h = Mix(h ^ (b + 0xD1B54A32D192ED03UL));
        h = Mix(h ^ (c + 0x8CB92BA72F3D8DD7UL));
        h = Mix(h ^ (d + 0xABC98388FB8FAC03UL));
        return new SampleRandom(h);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>An integer uniform in [0, n) (Lemire's multiply-shift; the bias is below 2^-32 for n &lt; 2^32).</summary>
    public int Next(int n) => (int)(((NextUInt64() >> 32) * (ulong)(uint)n) >> 32);

    /// <summary>A double uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool NextBool() => (NextUInt64() >> 63) != 0;
}
