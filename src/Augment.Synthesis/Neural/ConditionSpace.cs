using Augment.Synthesis.Transforms;

namespace Augment.Synthesis.Neural;

/// <summary>
/// The conditional vector of CTGAN-style training: one block per categorical column (its one-hot category span of
/// the transformed row), exactly one category of one column set. Holds each column's category frequencies and, for
/// training-by-sampling, the rows of every category.
/// </summary>
internal sealed class ConditionSpace
{
    private readonly OutputSpan[] spans;
    private readonly int[] condOffsets;
    private readonly string?[][] categories;

    public ConditionSpace(DataTransformer transformer, float[] frequencies)
    {
        spans = [.. transformer.Spans.Where(s => s.Role == "category" && s.Kind == SpanKind.OneHot)];
        var files = transformer.File.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        categories = [.. spans.Select(s => files[s.Column].Categories!)];
        condOffsets = new int[spans.Length];
        for (var i = 0; i < spans.Length; i++)
        {
            condOffsets[i] = Width;
            Width += spans[i].Width;
        }

        if (frequencies.Length != Width)
        {
            throw new InvalidDataException($"the condition frequencies have {frequencies.Length} values, expected {Width}");
        }

        Frequencies = frequencies;
    }

    /// <summary>Gets the width of a condition vector (0 when the table has no categorical column).</summary>
    public int Width { get; }

    /// <summary>Gets the number of categorical columns.</summary>
    public int Count => spans.Length;

    /// <summary>Gets each category's share of the training rows, per column, laid out like a condition vector.</summary>
    public float[] Frequencies { get; }

    /// <summary>Gets the span of categorical column <paramref name="d"/> in a transformed row.</summary>
    public OutputSpan Span(int d) => spans[d];

    /// <summary>Gets the first condition-vector position of categorical column <paramref name="d"/>.</summary>
    public int CondOffset(int d) => condOffsets[d];

    /// <summary>Computes the frequencies from a transformed matrix.</summary>
    public static float[] CountFrequencies(DataTransformer transformer, float[] data, int rows)
    {
        var width = transformer.Width;
        var cats = transformer.Spans.Where(s => s.Role == "category" && s.Kind == SpanKind.OneHot).ToArray();
        var result = new float[cats.Sum(s => s.Width)];
        var offset = 0;
        foreach (var s in cats)
        {
            for (var r = 0; r < rows; r++)
            {
                var row = data.AsSpan((r * width) + s.Offset, s.Width);
                for (var k = 0; k < s.Width; k++)
                {
                    result[offset + k] += row[k];
                }
            }

            for (var k = 0; k < s.Width; k++)
            {
                result[offset + k] /= rows;
            }

            offset += s.Width;
        }

        return result;
    }

    /// <summary>Finds (column, category) of a sampling condition.</summary>
    /// <exception cref="ArgumentException">The column is not categorical or the value never occurred in training.</exception>
    public (int Column, int Category) Resolve(SampleCondition condition)
    {
        var d = Array.FindIndex(spans, s => s.Column == condition.Column);
        if (d < 0)
        {
            throw new ArgumentException($"Column '{condition.Column}' is not a categorical column of the model; cannot condition on it.", nameof(condition));
        }

        var k = Array.IndexOf(categories[d], condition.Value);
        return k >= 0 ? (d, k) : throw new ArgumentException($"Value '{condition.Value}' never occurs in column '{condition.Column}' of the training data.", nameof(condition));
    }

    /// <summary>Draws a category of column <paramref name="d"/> by its training frequency.</summary>
    public int DrawCategory(int d, RandomSource random, bool logFrequency)
    {
        var width = spans[d].Width;
        Span<double> weights = stackalloc double[width];
        double total = 0;
        for (var k = 0; k < width; k++)
        {
            var f = Frequencies[condOffsets[d] + k];
            weights[k] = logFrequency ? Math.Log(1 + (f * 1000)) : f;
            total += weights[k];
        }

        var u = random.NextOpenUnit() * total;
        for (var k = 0; k < width; k++)
        {
            u -= weights[k];
            if (u <= 0)
            {
                return k;
            }
        }

        return width - 1;
    }

    /// <summary>Uniform integer in [0, n).</summary>
    public static int Next(RandomSource random, int n) => Math.Min(n - 1, (int)(random.NextOpenUnit() * n));
}
