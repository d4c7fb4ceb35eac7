using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Augment.Data;

/// <summary>
/// A row identifier column: every value present and distinct in at least 20 rows, and either
/// named like one (<c>id</c>, <c>customer_id</c>, <c>CustomerID</c>, <c>uuid</c>, <c>order-key</c>) or, for text,
/// holding codes of one prefix and a number (<c>C00017</c>) or UUIDs. An identifier carries no pattern to learn and
/// copying real ones would leak them, so it is not modelled: synthetic rows get fresh values in the real values'
/// format that no real row has (<see cref="Value"/>). An all-distinct integer column without an id-like name (a
/// measurement in a small table) is not taken for one.
/// </summary>
/// <param name="Name">The column name.</param>
/// <param name="Position">The column's index in the uploaded table.</param>
/// <param name="Format"><c>number</c> (prefix + number), <c>uuid</c>, <c>text</c> (prefix + number, prefix chosen so
/// that no real value starts with it), or <c>withheld</c>: free text set aside the same way (<see cref="Withheld"/>).</param>
/// <param name="Prefix">Text before the number.</param>
/// <param name="Width">Digits of the number, zero padded (0 = no padding).</param>
/// <param name="Next">The number of the first fresh value (the largest real number + 1).</param>
public sealed record IdentifierColumn(string Name, int Position, string Format, string Prefix, int Width, long Next)
{
    private static readonly string[] IdWords = ["id", "uuid", "guid", "key"];

    /// <summary>The <see cref="Format"/> of a withheld column.</summary>
    public const string WithheldFormat = "withheld";

    /// <summary>Gets whether this is a withheld free-text column (synthetic rows leave it empty) rather than an identifier.</summary>
    public bool IsWithheld => Format == WithheldFormat;

    /// <summary>
    /// A free-text column (<see cref="ColumnKind.Text"/>: names, comments, addresses, a city column with thousands of
    /// values) set aside like an identifier: modelling it would mean sampling real values, that is copying real text
    /// into synthetic rows, so it is not modelled and synthetic rows leave it empty (<see cref="Value"/> is null).
    /// </summary>
    /// <param name="name">The column name.</param>
    /// <param name="position">The column's index in the uploaded table.</param>
    public static IdentifierColumn Withheld(string name, int position) => new(name, position, WithheldFormat, string.Empty, 0, 0);

    /// <summary>Finds the identifier columns of a table, in column order.</summary>
    /// <param name="table">The table.</param>
    /// <param name="schema">Its inferred schema.</param>
    public static IReadOnlyList<IdentifierColumn> Detect(DataTable table, DatasetSchema schema)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        var result = new List<IdentifierColumn>();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var name = table.Columns[c];
            var unique = table.RowCount >= SchemaInference.MinIdentifierRows
                && schema.Find(name) is { MissingCount: 0 } profile && profile.DistinctCount == table.RowCount
                && profile.Kind is ColumnKind.Integer or ColumnKind.Text or ColumnKind.Categorical;
            if (!unique)
            {
                continue;
            }

            var values = table.Column(c);
            var named = NamedLikeAnId(name);
            if (values.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
            {
                // Distinct whole numbers are an id only by name: in a small table a measurement can be distinct too.
                if (named)
                {
                    result.Add(new IdentifierColumn(name, c, "number", string.Empty, 0, checked(values.Max(v => long.Parse(v!, CultureInfo.InvariantCulture)) + 1)));
                }

                continue;
            }

            if (Coded(values) is { } coded)
            {
                result.Add(coded with { Name = name, Position = c });
            }
            else if (values.All(v => Guid.TryParseExact(v, "D", out _)))
            {
                result.Add(new IdentifierColumn(name, c, "uuid", string.Empty, 0, 0));
            }
            else if (named)
            {
                var prefix = "syn-";
                while (values.Any(v => v!.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    prefix = "syn" + prefix;
                }

                result.Add(new IdentifierColumn(name, c, "text", prefix, 0, 1));
            }
        }

        return result;
    }

    /// <summary>The <paramref name="k"/>-th fresh value (0-based): distinct for every k and from every real value; null
    /// (missing) for a withheld column.</summary>
    /// <param name="k">The index of the synthetic row among all synthetic rows of the run.</param>
    public string? Value(long k)
    {
        if (IsWithheld)
        {
            return null;
        }

        if (Format == "uuid")
        {
            // A name-based UUID of (column, k): reproducible, and no real UUID is expected to repeat it.
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"augment-synthetic:{Name}:{k}")));
            hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
            hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
            return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D");
        }

        var number = checked(Next + k);
        var digits = number.ToString(CultureInfo.InvariantCulture);
        return Prefix + (number >= 0 && Width > digits.Length ? digits.PadLeft(Width, '0') : digits);
    }

    /// <summary>Whether a column name says "identifier": the whole name or its last word is id, uuid, guid or key
    /// (words split at non-letters and at lower-to-upper case changes: <c>customerId</c>, <c>CustomerID</c>).</summary>
    /// <param name="name">The column name.</param>
    public static bool NamedLikeAnId(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var words = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var ch = name[i];
            var boundary = !char.IsLetterOrDigit(ch) || (i > 0 && char.IsUpper(ch) && char.IsLower(name[i - 1]));
            if (boundary && word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }

            if (char.IsLetterOrDigit(ch))
            {
                word.Append(char.ToLowerInvariant(ch));
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words.Count > 0 && IdWords.Contains(words[^1], StringComparer.Ordinal);
    }

    /// <summary>Prefix + number codes with one prefix (and one digit count, when zero padded), or null.</summary>
    private static IdentifierColumn? Coded(IReadOnlyList<string?> values)
    {
        string? prefix = null;
        var widths = new HashSet<int>();
        var padded = false;
        long max = long.MinValue;
        foreach (var value in values)
        {
            var v = value!;
            var start = v.Length;
            while (start > 0 && char.IsAsciiDigit(v[start - 1]))
            {
                start--;
            }

            var digits = v.Length - start;
            if (digits is 0 or > 18 || (prefix is not null && !v.AsSpan(0, start).SequenceEqual(prefix)))
            {
                return null;
            }

            prefix ??= v[..start];
            widths.Add(digits);
            padded |= digits > 1 && v[start] == '0';
            max = Math.Max(max, long.Parse(v.AsSpan(start), CultureInfo.InvariantCulture));
        }

        if (prefix is null || (padded && widths.Count > 1))
        {
            return null;
        }

        return new IdentifierColumn(string.Empty, 0, "number", prefix, padded ? widths.Single() : 0, max + 1);
    }
}
