using System.Globalization;
using Augment.Data;
using Augment.Evaluation;
using Augment.Pipeline.Quality.Constraints;
using Augment.Pipeline.Spec;

namespace Augment.Pipeline.Quality;

/// <summary>
/// Scores how real each synthetic row looks: per row of the synthetic table, a probability in [0, 1] of being real
/// (NaN = not scored), from a real-vs-synthetic classifier fitted on <c>real</c> and <c>synthetic</c> with <c>seed</c>.
/// </summary>
public delegate IReadOnlyList<double> RealnessScorer(DataTable real, DataTable synthetic, DatasetSchema schema, int seed);

/// <summary>
/// The filter of FilterAndAudit. Steps, each counted: validity (the real data's types, ranges, categories and
/// missingness), user constraints, duplicates among the synthetic rows, exact copies of real rows (train or holdout),
/// privacy (drop rows whose distance to the closest training row is below the threshold: the spec's, or by default the
/// holdout rows' own 2nd-percentile DCR) and realism (drop the given fraction of rows a real-vs-synthetic classifier
/// finds least real). Deterministic: same input and seed, same rows kept, in the same order.
/// </summary>
public sealed class SyntheticFilter
{
    /// <summary>Most holdout rows the default privacy threshold (their 2nd-percentile DCR) is estimated from.</summary>
    public const int MaxThresholdHoldoutRows = 2000;

    private const int MaxExamples = 5;
    private readonly DataTable _train;
    private readonly DataTable _holdout;
    private readonly DatasetSchema _schema;
    private readonly QualityPolicy _policy;
    private readonly RealnessScorer? _realness;

    /// <summary>Creates a filter for synthetic rows of a dataset split into <paramref name="train"/> and <paramref name="holdout"/>.</summary>
    /// <param name="train">Real rows the generator learnt from.</param>
    /// <param name="holdout">Real rows held out.</param>
    /// <param name="schema">The schema of both.</param>
    /// <param name="policy">Constraints, thresholds and fractions.</param>
    /// <param name="realness">The realism scorer; null turns the realism step off.</param>
    public SyntheticFilter(DataTable train, DataTable holdout, DatasetSchema schema, QualityPolicy policy, RealnessScorer? realness)
    {
        _train = train;
        _holdout = holdout;
        _schema = schema;
        _policy = policy;
        _realness = realness;
    }

    /// <summary>Runs every step on <paramref name="synthetic"/>; returns the kept rows (in input order) and the counts.</summary>
    public (DataTable Kept, FilterReport Report) Run(DataTable synthetic, int seed)
    {
        var steps = new List<FilterStep>();
        var real = DataTable.Concat(_train, _holdout);
        var rows = new RowFilter(real, _schema);
        var keep = Enumerable.Range(0, synthetic.RowCount).ToList();

        var examples = new List<string>();
        keep = Step(steps, FilterSteps.Validity, keep, "every cell fits the real column's type, range, categories and missingness", examples, r =>
        {
            var ok = rows.IsValid(synthetic, r, out var reason);
            if (!ok && examples.Count < MaxExamples && reason is not null)
            {
                examples.Add(reason);
            }

            return ok;
        });

        var constraints = ConstraintSet.Parse(_policy.Constraints, _schema).Bind(real);
        var syntheticViolations = constraints.CountViolations(synthetic);
        var realViolations = constraints.CountViolations(_train);
        var constraintExamples = new List<string>();
        keep = Step(steps, FilterSteps.Constraints, keep, constraints.Texts.Count == 0 ? "no constraints in augment.json" : $"{constraints.Texts.Count} constraint(s) from augment.json", constraintExamples, r =>
        {
            var broken = constraints.FirstViolated(synthetic, r);
            if (broken >= 0 && constraintExamples.Count < MaxExamples)
            {
                constraintExamples.Add($"breaks \"{constraints.Texts[broken]}\"");
            }

            return broken < 0;
        });

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var duplicateExamples = new List<string>();
        keep = Step(steps, FilterSteps.Duplicates, keep, "the first of identical synthetic rows is kept", duplicateExamples, r =>
        {
            if (seen.TryAdd(RowFilter.RowKey(synthetic, r), r))
            {
                return true;
            }

            if (duplicateExamples.Count < MaxExamples)
            {
                duplicateExamples.Add(string.Create(CultureInfo.InvariantCulture, $"sampled row {r + 1:N0} repeats sampled row {seen[RowFilter.RowKey(synthetic, r)] + 1:N0}"));
            }

            return false;
        });

        // A copy's cells are a real row's: the example names the sampled row only, never the real one.
        var copyExamples = new List<string>();
        keep = Step(steps, FilterSteps.CopiesOfReal, keep, "no synthetic row equals a real row (train or holdout)", copyExamples, r =>
        {
            var copy = rows.IsCopyOfReal(synthetic, r);
            if (copy && copyExamples.Count < MaxExamples)
            {
                copyExamples.Add(string.Create(CultureInfo.InvariantCulture, $"sampled row {r + 1:N0} equals a real row (cells not shown)"));
            }

            return !copy;
        });

        var (threshold, source) = Privacy(steps, synthetic, ref keep, seed);
        keep = Realism(steps, synthetic, keep, seed);

        var report = new FilterReport(
            synthetic.RowCount,
            keep.Count,
            steps,
            constraints.Texts.Select((t, i) => new ConstraintCount(t, syntheticViolations[i], realViolations[i])).ToList(),
            threshold,
            source);
        return (synthetic.SelectRows(keep), report);
    }

    private (double? Threshold, string Source) Privacy(List<FilterStep> steps, DataTable synthetic, ref List<int> keep, int seed)
    {
        if (_policy.DcrThreshold == 0 || keep.Count == 0 || _train.RowCount < 2 || _holdout.RowCount == 0)
        {
            var why = _policy.DcrThreshold == 0 ? "off (privacy.dcrThreshold is 0)" : "nothing to filter";
            steps.Add(new FilterStep(FilterSteps.Privacy, keep.Count, 0, why, []));
            return (null, "off");
        }

        var candidates = synthetic.SelectRows(keep);
        // Every candidate's DCR to every training row is exact; the holdout's 2nd percentile is estimated from a seeded
        // sample of at most MaxThresholdHoldoutRows rows (the searches it adds scale with the holdout's size).
        var holdout = Activities.EvaluateActivity.Sample(_holdout, MaxThresholdHoldoutRows, seed + 1);
        // Only the two 1-nearest searches the rule needs (not PrivacyMetrics.Evaluate's four, two of them 2-nearest).
        var (dcr, holdoutP2) = PrivacyMetrics.ClosestTrainDistances(_train, holdout, candidates, _schema);
        var threshold = _policy.DcrThreshold ?? holdoutP2;
        var source = _policy.DcrThreshold is null ? "holdout-p2" : "spec";
        var sampled = holdout.RowCount < _holdout.RowCount ? $" of {holdout.RowCount} sampled holdout rows" : "";
        var before = keep.Count;
        var kept = new List<int>(before);
        for (var i = 0; i < before; i++)
        {
            if (!(dcr[i] < threshold))
            {
                kept.Add(keep[i]);
            }
        }

        var rule = string.Create(CultureInfo.InvariantCulture, $"distance to the closest training row ≥ {threshold:0.####} ({(source == "spec" ? "privacy.dcrThreshold" : $"the 2nd-percentile DCR{sampled}")})");
        // The closest of the dropped rows, closest first.
        var candidateRows = keep;
        var examples = Enumerable.Range(0, before).Where(i => dcr[i] < threshold).OrderBy(i => dcr[i]).ThenBy(i => i).Take(MaxExamples)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"sampled row {candidateRows[i] + 1:N0}: a training row at distance {Distance(dcr[i])} (threshold {threshold:0.####})"))
            .ToList();
        steps.Add(new FilterStep(FilterSteps.Privacy, before, before - kept.Count, rule, examples));
        keep = kept;
        return (threshold, source);
    }

    private List<int> Realism(List<FilterStep> steps, DataTable synthetic, List<int> keep, int seed)
    {
        var fraction = _policy.RealismDropFraction;
        var drop = (int)Math.Floor(fraction * keep.Count);
        if (_realness is null || fraction == 0 || drop == 0)
        {
            var why = fraction == 0 ? "off (realism.dropFraction is 0)" : _realness is null ? "off (no realism scorer)" : "too few rows to drop any";
            steps.Add(new FilterStep(FilterSteps.Realism, keep.Count, 0, why, []));
            return keep;
        }

        var scores = _realness(_train, synthetic.SelectRows(keep), _schema, seed);
        // Least real first; unscored rows (NaN) are never dropped; ties broken by position so the result is stable.
        var order = Enumerable.Range(0, keep.Count)
            .Where(i => !double.IsNaN(scores[i]))
            .OrderBy(i => scores[i])
            .ThenBy(i => i)
            .Take(drop)
            .ToList();
        var dropped = order.ToHashSet();
        var kept = keep.Where((_, i) => !dropped.Contains(i)).ToList();
        var rule = string.Create(CultureInfo.InvariantCulture, $"drop the {fraction:0.###} share of rows a real-vs-synthetic classifier finds least real");
        // The least real of the dropped rows, least real first.
        var examples = order.Take(MaxExamples)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"sampled row {keep[i] + 1:N0}: P(real) {scores[i]:0.###}"))
            .ToList();
        steps.Add(new FilterStep(FilterSteps.Realism, keep.Count, keep.Count - kept.Count, rule, examples));
        return kept;
    }

    /// <summary>A distance in four decimals, or "0" / "below 0.0001" where four decimals would read 0.</summary>
    private static string Distance(double d) =>
        d == 0 ? "0" : d < 0.00005 ? "below 0.0001" : d.ToString("0.####", CultureInfo.InvariantCulture);

    private static List<int> Step(List<FilterStep> steps, string name, List<int> keep, string rule, List<string> examples, Func<int, bool> accepts)
    {
        var kept = keep.Where(accepts).ToList();
        steps.Add(new FilterStep(name, keep.Count, keep.Count - kept.Count, rule, examples));
        return kept;
    }
}
