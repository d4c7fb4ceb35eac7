namespace Augment.Evaluation.Learning;

/// <summary>Gradient, hessian and row-count sums per (feature, bin) of one tree leaf.</summary>
internal sealed class Histogram
{
    private const int Slots = 256;
    private readonly double[] _sums; // [(feature * Slots + bin) * 3 + {0: G, 1: H, 2: count}]

    private Histogram(double[] sums) => _sums = sums;

    public double G(int f, int b) => _sums[(((f * Slots) + b) * 3) + 0];

    public double H(int f, int b) => _sums[(((f * Slots) + b) * 3) + 1];

    public double Count(int f, int b) => _sums[(((f * Slots) + b) * 3) + 2];

    /// <summary>Totals over the bins of feature 0 (every row has exactly one bin per feature).</summary>
    public (double G, double H, double Count) Totals()
    {
        double g = 0, h = 0, c = 0;
        for (var b = 0; b < Slots; b++)
        {
            g += G(0, b);
            h += H(0, b);
            c += Count(0, b);
        }

        return (g, h, c);
    }

    public static Histogram Build(byte[][] bins, int[] binCounts, double[] grad, double[] hess, int[] rows, int start, int count)
    {
        var sums = new double[bins.Length * Slots * 3];
        Parallel.For(0, bins.Length, new ParallelOptions { MaxDegreeOfParallelism = count > 20_000 ? -1 : 1 }, f =>
        {
            var column = bins[f];
            var offset = f * Slots * 3;
            for (var i = start; i < start + count; i++)
            {
                var row = rows[i];
                var slot = offset + (column[row] * 3);
                sums[slot] += grad[row];
                sums[slot + 1] += hess[row];
                sums[slot + 2] += 1;
            }
        });
        return new Histogram(sums);
    }

    /// <summary>This histogram minus a child's: the sibling's (LightGBM's subtraction trick).</summary>
    public Histogram Minus(Histogram child)
    {
        var result = new double[_sums.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = _sums[i] - child._sums[i];
        }

        return new Histogram(result);
    }
}
