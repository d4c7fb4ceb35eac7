using Augment.Evaluation.Internal;

namespace Augment.Evaluation;

/// <summary>
/// Two-level paired bootstrap over the repetitions and the holdout rows. Each of <c>resamples</c> draws R repetitions
/// with replacement and a resample of the holdout rows (both seeded by the resample's index, so the result does not
/// depend on threads); a model's statistic is the mean over the drawn repetitions of its metric on the drawn rows. Every
/// arm sees the same draws, so the differences are paired: the CI of Δ carries both the holdout's sampling and the
/// training's own variability (which rows were subsampled, the learner's seed). See docs/metrics.md ("Verdict").
/// </summary>
internal sealed class RepeatedBootstrap
{
    private readonly Dictionary<(string Arm, string Metric), double[]> _draws = [];

    private RepeatedBootstrap(int resamples) => Resamples = resamples;

    public int Resamples { get; }

    /// <summary>Draws <paramref name="resamples"/> resamples and scores every arm's repetitions on each.</summary>
    /// <param name="arms">Per arm, one scorer per repetition (all arms the same repetition count).</param>
    /// <param name="metrics">The metrics to draw.</param>
    /// <param name="holdoutRows">Holdout rows.</param>
    /// <param name="resamples">Bootstrap resamples.</param>
    /// <param name="seed">Seed of the draws.</param>
    public static RepeatedBootstrap Draw(IReadOnlyDictionary<string, HoldoutScorer[]> arms, IReadOnlyList<string> metrics, int holdoutRows, int resamples, int seed)
    {
        var result = new RepeatedBootstrap(resamples);
        foreach (var arm in arms.Keys)
        {
            foreach (var metric in metrics)
            {
                result._draws[(arm, metric)] = new double[resamples];
            }
        }

        var repetitions = arms.Values.Select(a => a.Length).DefaultIfEmpty(1).Max();
        Parallel.For(0, resamples, () => new double[holdoutRows], (b, _, counts) =>
        {
            var rng = new SplitMix(unchecked((seed * 7919) + b));
            Array.Clear(counts);
            for (var i = 0; i < holdoutRows; i++)
            {
                counts[rng.NextInt(holdoutRows)]++;
            }

            var drawn = new int[repetitions];
            for (var r = 0; r < repetitions; r++)
            {
                drawn[r] = rng.NextInt(repetitions);
            }

            foreach (var (arm, scorers) in arms)
            {
                foreach (var metric in metrics)
                {
                    // Each repetition scored once, then weighted by how often it was drawn.
                    double sum = 0;
                    var n = 0;
                    for (var r = 0; r < scorers.Length; r++)
                    {
                        var times = drawn.Count(d => d == r);
                        if (times > 0)
                        {
                            sum += times * scorers[r].Score(metric, counts);
                            n += times;
                        }
                    }

                    result._draws[(arm, metric)][b] = sum / n;
                }
            }

            return counts;
        }, _ => { });
        return result;
    }

    /// <summary>Sorted finite resampled values of Metric(arm) − Metric(baseline) (baseline null: Metric(arm) alone).</summary>
    public double[] Differences(string arm, string? baseline, string metric)
    {
        var a = _draws[(arm, metric)];
        var b = baseline is null ? null : _draws[(baseline, metric)];
        var values = a.Select((v, i) => b is null ? v : v - b[i]).Where(double.IsFinite).ToArray();
        Array.Sort(values);
        return values;
    }

    /// <summary>The 2.5th percentile of one arm's resampled metric (NaN when none is finite).</summary>
    public double LowerBound(string arm, string metric)
    {
        var values = Differences(arm, null, metric);
        return values.Length == 0 ? double.NaN : Stats.Quantile(values, 0.025);
    }

    /// <summary>
    /// The verdict of <paramref name="arm"/> against <paramref name="baseline"/> on <paramref name="metric"/>:
    /// <c>helped</c> when the whole 95% CI lies above +<paramref name="margin"/>, <c>hurt</c> when below −margin.
    /// </summary>
    public UtilityVerdict Compare(string arm, string baseline, string metric, double difference, double margin, int repetitions)
    {
        var values = Differences(arm, baseline, metric);
        var lower = values.Length == 0 ? double.NaN : Stats.Quantile(values, 0.025);
        var upper = values.Length == 0 ? double.NaN : Stats.Quantile(values, 0.975);
        var verdict = lower > margin ? "helped" : upper < -margin ? "hurt" : "no effect";
        return new UtilityVerdict(verdict, metric, arm, baseline, difference, lower, upper, Resamples, margin) { Repetitions = repetitions };
    }
}
