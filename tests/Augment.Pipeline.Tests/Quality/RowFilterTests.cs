using Augment.Data;
using Augment.Pipeline.Quality;

namespace Augment.Pipeline.Tests.Quality;

/// <summary>Copy detection by row hash plus a cell-by-cell check: exact, like the set of joined row strings it replaced.</summary>
public sealed class RowFilterTests
{
    private static readonly DataTable Real = DataTable.FromColumns(
        ["a", "b", "c"],
        [["1", "1", "2", null, "x"], ["p", "p", "q", "r", "ab"], [null, null, "z", "z", "c"]]);

    private static RowFilter Filter() => new(Real, SchemaInference.Infer(Real));

    public static TheoryData<string?, string?, string?, bool> Rows => new()
    {
        { "1", "p", null, true },    // a real row that appears twice
        { "2", "q", "z", true },
        { null, "r", "z", true },    // missing matches missing
        { "1", "p", "z", false },    // one cell differs
        { "", "r", "z", false },     // empty is not missing
        { "x", "a", "bc", false },   // same characters, other cell boundaries
        { "x", "ab", "c", true },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void IsCopyOfReal_Row_TrueOnlyForAnExactRealRow(string? a, string? b, string? c, bool expected)
    {
        var synthetic = DataTable.FromColumns(["a", "b", "c"], [[a], [b], [c]]);

        Assert.Equal(expected, Filter().IsCopyOfReal(synthetic, 0));
    }
}
