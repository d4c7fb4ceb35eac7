using Augment.Data;
using Augment.Pipeline.Spec;

namespace Augment.Pipeline.Quality.Constraints;

/// <summary>
/// The user's row constraints from <c>augment.json</c>, parsed and checked against the dataset's columns (grammar and
/// semantics in docs/constraints.md). <see cref="Bind"/> learns what <c>fixed(...)</c> needs from the real rows and
/// returns a checker for synthetic rows.
/// </summary>
public sealed class ConstraintSet
{
    private readonly IReadOnlyList<ConstraintNode> _nodes;
    private readonly DatasetSchema _schema;

    private ConstraintSet(IReadOnlyList<string> texts, IReadOnlyList<ConstraintNode> nodes, DatasetSchema schema)
    {
        Texts = texts;
        _nodes = nodes;
        _schema = schema;
    }

    /// <summary>The constraints as written.</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>An empty set.</summary>
    public static ConstraintSet None(DatasetSchema schema) => new([], [], schema);

    /// <summary>Parses every constraint and checks its columns and types against <paramref name="schema"/>.</summary>
    /// <exception cref="SpecException">A constraint does not parse, names an unknown column, or compares values that
    /// cannot be compared; the message is one line naming the constraint and the problem.</exception>
    public static ConstraintSet Parse(IReadOnlyList<string> constraints, DatasetSchema schema)
    {
        var nodes = new List<ConstraintNode>(constraints.Count);
        for (var i = 0; i < constraints.Count; i++)
        {
            var text = constraints[i] ?? "";
            try
            {
                var node = ConstraintParser.Parse(text);
                ConstraintBinder.Validate(node, schema);
                nodes.Add(node);
            }
            catch (ConstraintSyntaxException ex)
            {
                throw new SpecException($"augment.json constraint {i + 1} \"{Clip(text)}\": {ex.Message} (at character {ex.Position + 1}); see docs/constraints.md.");
            }
        }

        return new ConstraintSet([.. constraints], nodes, schema);
    }

    /// <summary>Compiles the constraints for tables with <paramref name="real"/>'s header; <c>fixed(...)</c> allows
    /// exactly the value combinations that occur in <paramref name="real"/>.</summary>
    public ConstraintChecker Bind(DataTable real) =>
        new(Texts, _nodes.Select(n => ConstraintBinder.Compile(n, _schema, real)).ToArray());

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}

/// <summary>Checks rows against compiled constraints (a row with a missing value passes the comparisons that read it).</summary>
public sealed class ConstraintChecker
{
    private readonly Func<DataTable, int, bool>[] _checks;

    internal ConstraintChecker(IReadOnlyList<string> texts, Func<DataTable, int, bool>[] checks)
    {
        Texts = texts;
        _checks = checks;
    }

    /// <summary>The constraints, in the order their indexes refer to.</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>The index of the first constraint row <paramref name="row"/> of <paramref name="table"/> breaks, or -1.</summary>
    public int FirstViolated(DataTable table, int row)
    {
        for (var i = 0; i < _checks.Length; i++)
        {
            if (!_checks[i](table, row))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>How many rows of <paramref name="table"/> break each constraint (a row may count for several).</summary>
    public int[] CountViolations(DataTable table)
    {
        var counts = new int[_checks.Length];
        for (var r = 0; r < table.RowCount; r++)
        {
            for (var i = 0; i < _checks.Length; i++)
            {
                if (!_checks[i](table, r))
                {
                    counts[i]++;
                }
            }
        }

        return counts;
    }
}
