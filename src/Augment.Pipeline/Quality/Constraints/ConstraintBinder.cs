using Augment.Data;

namespace Augment.Pipeline.Quality.Constraints;

/// <summary>
/// Checks a parsed constraint against the schema (unknown columns, comparisons of things that cannot be compared) and
/// compiles it to a row predicate. A comparison is numeric when either side is a number or a numeric column, or when it
/// orders (&lt;, &lt;=, &gt;, &gt;=); otherwise it compares text exactly. A missing or unreadable cell makes a comparison
/// unknown, and an unknown comparison does not break the constraint.
/// </summary>
internal static class ConstraintBinder
{
    public static void Validate(ConstraintNode node, DatasetSchema schema) => _ = Compile(node, schema, null);

    /// <summary>Compiles <paramref name="node"/>; with <paramref name="real"/> null only validates (fixed combinations
    /// are then not learnt and column indexes come from the schema).</summary>
    public static Func<DataTable, int, bool> Compile(ConstraintNode node, DatasetSchema schema, DataTable? real)
    {
        switch (node)
        {
            case CheckNode check:
            {
                var condition = Condition(check.Condition, schema);
                return (t, r) => condition(t, r) != false;
            }

            case ImplicationNode implication:
            {
                var when = Condition(implication.If, schema);
                var then = Condition(implication.Then, schema);
                return (t, r) => when(t, r) != true || then(t, r) != false;
            }

            case FixedNode fixedNode:
            {
                var indexes = fixedNode.Columns.Select(c => Index(c, schema)).ToArray();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                if (real is not null)
                {
                    for (var r = 0; r < real.RowCount; r++)
                    {
                        seen.Add(Key(real, r, indexes));
                    }
                }

                return (t, r) => seen.Contains(Key(t, r, indexes));
            }

            default:
                throw new InvalidOperationException($"unknown constraint node {node.GetType().Name}");
        }
    }

    private static Func<DataTable, int, bool?> Condition(Condition condition, DatasetSchema schema)
    {
        switch (condition)
        {
            case Conjunction all:
            {
                var parts = all.Parts.Select(p => Condition(p, schema)).ToArray();
                return (t, r) =>
                {
                    bool? result = true;
                    foreach (var part in parts)
                    {
                        var v = part(t, r);
                        if (v == false)
                        {
                            return false;
                        }

                        result = v is null ? null : result;
                    }

                    return result;
                };
            }

            case Membership member:
                return CompileMembership(member, schema);
            case Comparison comparison:
                return CompileComparison(comparison, schema);
            default:
                throw new InvalidOperationException($"unknown condition {condition.GetType().Name}");
        }
    }

    private static Func<DataTable, int, bool?> CompileComparison(Comparison c, DatasetSchema schema)
    {
        if (c.Left is not ColumnOperand && c.Right is not ColumnOperand)
        {
            throw new ConstraintSyntaxException("a comparison needs at least one column", c.Position);
        }

        var ordering = c.Operator is "<" or "<=" or ">" or ">=";
        var numeric = ordering || IsNumeric(c.Left, schema) || IsNumeric(c.Right, schema);
        if (numeric)
        {
            var datetime = new[] { c.Left, c.Right }.OfType<ColumnOperand>().Select(col => Profile(col, schema)).FirstOrDefault(p => p.Kind == ColumnKind.Datetime);
            var left = Number(c.Left, schema, datetime, c.Operator, c.Position);
            var right = Number(c.Right, schema, datetime, c.Operator, c.Position);
            var test = NumberTest(c.Operator);
            return (t, r) => left(t, r) is { } a && right(t, r) is { } b ? test(a, b) : null;
        }

        var l = Text(c.Left, schema);
        var rr = Text(c.Right, schema);
        var equal = c.Operator == "==";
        return (t, r) => l(t, r) is { } a && rr(t, r) is { } b ? string.Equals(a, b, StringComparison.Ordinal) == equal : null;
    }

    private static Func<DataTable, int, bool?> CompileMembership(Membership m, DatasetSchema schema)
    {
        var profile = Profile(m.Column, schema);
        var index = Index(m.Column, schema);
        if (profile.IsNumeric)
        {
            var values = m.Values.Select(v => Number(v, schema, profile.Kind == ColumnKind.Datetime ? profile : null, "in", m.Column.Position)(null!, 0)!.Value).ToArray();
            return (t, r) => CellNumbers.TryNumber(t[r, index], profile, out var x) ? values.Any(v => Same(x, v)) != m.Negated : null;
        }

        var texts = m.Values.Select(v => v is NumberOperand n ? n.Text : ((TextOperand)v).Value).ToHashSet(StringComparer.Ordinal);
        return (t, r) => t[r, index] is { } cell ? texts.Contains(cell) != m.Negated : null;
    }

    private static Func<DataTable, int, double?> Number(Operand operand, DatasetSchema schema, ColumnProfile? datetime, string op, int position)
    {
        switch (operand)
        {
            case NumberOperand n:
                return (_, _) => n.Value;
            case TextOperand text when datetime?.DatetimeFormat is { } format:
                if (!CellValues.TryParseDatetime(text.Value, format, out var seconds))
                {
                    throw new ConstraintSyntaxException($"'{text.Value}' is not a date in the format of column '{datetime.Name}' ({format})", position);
                }

                return (_, _) => seconds;
            case TextOperand text:
                throw new ConstraintSyntaxException($"'{op}' compares numbers, but '{text.Value}' is text", position);
            case ColumnOperand column:
            {
                var profile = Profile(column, schema);
                var index = Index(column, schema);
                if (profile.IsNumeric)
                {
                    return (t, r) => CellNumbers.TryNumber(t[r, index], profile, out var v) ? v : null;
                }

                if (profile.Kind is ColumnKind.Categorical or ColumnKind.Boolean && profile.Categories is { Count: > 0 } categories
                    && categories.All(c => CellValues.TryParseNumber(c.Value, out _, out _, out _)))
                {
                    return (t, r) => t[r, index] is { } cell && CellValues.TryParseNumber(cell, out var v, out _, out _) ? v : null;
                }

                throw new ConstraintSyntaxException($"'{op}' compares numbers, but column '{column.Name}' holds {profile.Kind.ToString().ToLowerInvariant()} text", column.Position);
            }

            default:
                throw new InvalidOperationException("unknown operand");
        }
    }

    private static Func<DataTable, int, string?> Text(Operand operand, DatasetSchema schema)
    {
        switch (operand)
        {
            case TextOperand text:
                return (_, _) => text.Value;
            case ColumnOperand column:
                var index = Index(column, schema);
                return (t, r) => t[r, index];
            default:
                throw new InvalidOperationException("a number in a text comparison");
        }
    }

    private static Func<double, double, bool> NumberTest(string op) => op switch
    {
        "<" => (a, b) => a < b,
        "<=" => (a, b) => a <= b || Same(a, b),
        ">" => (a, b) => a > b,
        ">=" => (a, b) => a >= b || Same(a, b),
        "==" => Same,
        "!=" => (a, b) => !Same(a, b),
        _ => throw new InvalidOperationException($"unknown operator {op}"),
    };

    // Numbers read from CSV text carry rounding; equal within 1e-9 relative counts as equal.
    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static bool IsNumeric(Operand operand, DatasetSchema schema) =>
        operand is NumberOperand || (operand is ColumnOperand c && Profile(c, schema).IsNumeric);

    private static ColumnProfile Profile(ColumnOperand column, DatasetSchema schema) =>
        schema.Find(column.Name) ?? throw new ConstraintSyntaxException(
            $"unknown column '{column.Name}' (columns: {string.Join(", ", schema.Columns.Take(12).Select(c => c.Name))}{(schema.Columns.Count > 12 ? ", …" : "")})",
            column.Position);

    private static int Index(ColumnOperand column, DatasetSchema schema)
    {
        _ = Profile(column, schema);
        for (var i = 0; i < schema.Columns.Count; i++)
        {
            if (schema.Columns[i].Name == column.Name)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Key(DataTable table, int row, int[] columns) =>
        string.Join('\u001F', columns.Select(c => table[row, c] ?? "\0"));
}
