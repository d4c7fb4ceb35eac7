using Augment.Data;
using Augment.Evaluation.Internal;

namespace Augment.Evaluation;

/// <summary>
/// Data validity as SDMetrics' BoundaryAdherence (share of a numeric/datetime column's present synthetic values inside
/// the real [min, max]; text that does not parse counts as outside) and CategoryAdherence (share of a categorical
/// column's synthetic values, missing included, that occur in the real column).
/// </summary>
public static class Validity
{
    /// <summary>Scores every schema column (except <paramref name="exclude"/>).</summary>
    /// <param name="real">The real rows.</param>
    /// <param name="synthetic">The synthetic rows.</param>
    /// <param name="schema">The real data's schema.</param>
    /// <param name="exclude">Columns to leave out.</param>
    public static ValidityReport Evaluate(DataTable real, DataTable synthetic, DatasetSchema schema, IEnumerable<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(schema);
        var valid = RowValidity(real, synthetic, schema, exclude, out var columns);
        var score = columns.Count == 0 ? double.NaN : columns.Average(c => c.Score);
        return new ValidityReport(score, synthetic.RowCount == 0 ? 1 : (double)valid.Count(v => v) / synthetic.RowCount, columns);
    }

    /// <summary>Whether each synthetic row is valid in every column; also the per-column scores.</summary>
    public static bool[] RowValidity(DataTable real, DataTable synthetic, DatasetSchema schema, IEnumerable<string>? exclude, out IReadOnlyList<ColumnValidity> columns)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(schema);
        var codec = TableCodec.Fit(real, schema, exclude);
        var valid = Enumerable.Repeat(true, synthetic.RowCount).ToArray();
        var scores = new List<ColumnValidity>();
        foreach (var column in codec.Columns)
        {
            var cells = synthetic.Column(TableCodec.Require(synthetic, column.Name));
            int ok = 0, counted = 0;
            for (var i = 0; i < cells.Count; i++)
            {
                bool good;
                if (column.IsNumeric)
                {
                    if (cells[i] is null)
                    {
                        continue;
                    }

                    var v = CellNumbers.Parse(cells[i], column.Profile);
                    good = !double.IsNaN(v) && v >= column.Min && v <= column.Max;
                }
                else
                {
                    good = column.Codes.ContainsKey(cells[i] ?? "\0missing");
                }

                counted++;
                ok += good ? 1 : 0;
                valid[i] &= good;
            }

            var metric = column.IsNumeric ? "BoundaryAdherence" : "CategoryAdherence";
            scores.Add(new ColumnValidity(column.Name, metric, counted == 0 ? 1 : (double)ok / counted));
        }

        columns = scores;
        return valid;
    }
}
