using System.Globalization;
using Augment.Data;

namespace Augment.Pipeline.Quality;

/// <summary>Why a synthetic row was dropped.</summary>
public enum RowVerdict
{
    /// <summary>The row is kept.</summary>
    Keep,

    /// <summary>A cell breaks the real data's schema (unknown category, out of range, wrong type, unexpected missing).</summary>
    Invalid,

    /// <summary>The row is an exact copy of a real row (a privacy leak).</summary>
    CopyOfReal,
}

/// <summary>
/// The v0 filter: drops synthetic rows that break the schema learnt from the real rows, and exact copies of real rows.
/// Ranges and categories come from the real data itself, so a generator cannot widen them.
/// </summary>
public sealed class RowFilter
{
    private readonly ColumnRule[] _rules;
    private readonly DataTable _real;
    private readonly Dictionary<int, int> _firstRealRowByHash; // row hash → first real row with it
    private readonly int[] _nextRealRowWithHash;                 // chains real rows whose hashes are equal (-1 ends)

    /// <summary>Learns the rules from <paramref name="real"/>, all the real rows (train and holdout).</summary>
    public RowFilter(DataTable real, DatasetSchema schema)
    {
        _rules = new ColumnRule[real.Columns.Count];
        for (var c = 0; c < real.Columns.Count; c++)
        {
            _rules[c] = ColumnRule.Learn(schema.Columns[c], real.Column(c));
        }

        // A hash per real row and a chain of the rows sharing one, confirmed cell by cell: exact like a set of
        // joined row strings, without holding a ~100-character key for every real row (at 1M rows about 250 MB).
        _real = real;
        _firstRealRowByHash = new Dictionary<int, int>(real.RowCount);
        _nextRealRowWithHash = new int[real.RowCount];
        for (var r = real.RowCount - 1; r >= 0; r--)
        {
            var hash = RowHash(real, r);
            _nextRealRowWithHash[r] = _firstRealRowByHash.TryGetValue(hash, out var next) ? next : -1;
            _firstRealRowByHash[hash] = r;
        }
    }

    /// <summary>Judges one row of <paramref name="synthetic"/>; <paramref name="reason"/> says why when it is invalid.</summary>
    public RowVerdict Judge(DataTable synthetic, int row, out string? reason)
    {
        if (!IsValid(synthetic, row, out reason))
        {
            return RowVerdict.Invalid;
        }

        return IsCopyOfReal(synthetic, row) ? RowVerdict.CopyOfReal : RowVerdict.Keep;
    }

    /// <summary>True when every cell of the row fits the real column's type, range, categories and missingness.</summary>
    public bool IsValid(DataTable synthetic, int row, out string? reason)
    {
        for (var c = 0; c < _rules.Length; c++)
        {
            if (!_rules[c].Accepts(synthetic[row, c], out reason))
            {
                return false;
            }
        }

        reason = null;
        return true;
    }

    /// <summary>True when the row equals a real row cell for cell.</summary>
    public bool IsCopyOfReal(DataTable synthetic, int row)
    {
        if (!_firstRealRowByHash.TryGetValue(RowHash(synthetic, row), out var real))
        {
            return false;
        }

        for (; real >= 0; real = _nextRealRowWithHash[real])
        {
            if (SameCells(synthetic, row, _real, real))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether two rows hold the same cells (ordinal; missing equals only missing).</summary>
    private static bool SameCells(DataTable a, int rowA, DataTable b, int rowB)
    {
        var columns = a.Columns.Count;
        for (var c = 0; c < columns; c++)
        {
            if (!string.Equals(a[rowA, c], b[rowB, c], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A hash of the row's cells (the runtime's vectorised string hash, per process): equal rows hash alike;
    /// rows that collide are told apart by <see cref="SameCells"/>.</summary>
    private static int RowHash(DataTable table, int row)
    {
        var hash = default(HashCode);
        var columns = table.Columns.Count;
        for (var c = 0; c < columns; c++)
        {
            hash.Add(table[row, c] is { } cell ? StringComparer.Ordinal.GetHashCode(cell) : -1);
        }

        return hash.ToHashCode();
    }

    /// <summary>The row's cells joined into one ordinal key (missing distinct from empty).</summary>
    internal static string RowKey(DataTable table, int row)
    {
        var cells = new string?[table.Columns.Count];
        for (var c = 0; c < cells.Length; c++)
        {
            cells[c] = table[row, c];
        }

        // U+001F cannot appear in parsed cells (control characters are rejected on read); U+0000 marks missing.
        return string.Join('\u001F', cells.Select(v => v ?? "\0"));
    }

    private sealed record ColumnRule(ColumnProfile Column, bool AllowsMissing, double Min, double Max, HashSet<string>? Categories)
    {
        private string Name => Column.Name;

        public static ColumnRule Learn(ColumnProfile column, IReadOnlyList<string?> cells)
        {
            var allowsMissing = cells.Any(v => v is null);
            if (!column.IsNumeric)
            {
                return new ColumnRule(column, allowsMissing, 0, 0, cells.Where(v => v is not null).Select(v => v!).ToHashSet(StringComparer.Ordinal));
            }

            var values = CellNumbers.Numbers(cells, column);
            return new ColumnRule(column, allowsMissing, values.Length == 0 ? 0 : values.Min(), values.Length == 0 ? 0 : values.Max(), null);
        }

        public bool Accepts(string? cell, out string? reason)
        {
            reason = null;
            if (cell is null)
            {
                if (!AllowsMissing)
                {
                    reason = $"{Name}: missing, but the real column never is";
                }

                return AllowsMissing;
            }

            if (Categories is not null)
            {
                if (!Categories.Contains(cell))
                {
                    reason = $"{Name}: '{Truncate(cell)}' is not a category of the real data";
                    return false;
                }

                return true;
            }

            if (!CellNumbers.TryNumber(cell, Column, out var v))
            {
                reason = $"{Name}: '{Truncate(cell)}' is not a {Column.Kind.ToString().ToLowerInvariant()}";
                return false;
            }

            if (Column.Kind == ColumnKind.Integer && Math.Abs(v - Math.Round(v)) > 1e-9)
            {
                reason = $"{Name}: {v.ToString(CultureInfo.InvariantCulture)} is not a whole number";
                return false;
            }

            var slack = 1e-9 * Math.Max(1, Math.Abs(Max - Min));
            if (v < Min - slack || v > Max + slack)
            {
                reason = $"{Name}: {Truncate(cell)} is outside the real range [{Min.ToString(CultureInfo.InvariantCulture)}, {Max.ToString(CultureInfo.InvariantCulture)}]";
                return false;
            }

            return true;
        }

        private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
    }
}
