using Augment.Data;

namespace Augment.Evaluation;

/// <summary>The labelled fidelity comparisons: vs train and vs holdout, unconditional and per class.</summary>
public static partial class Evaluator
{
    private const string TrainAgainst = "the real rows the model was fitted on";

    private static FidelitySummary Comparisons(EvaluationInput input, DataTable fitted, FidelityReport train, EvaluationOptions options, List<string> notes)
    {
        var headline = SdMetricsScores.From(train.Shapes, train.Trends, train.Detection.Score, train.NewRowSynthesis);
        var compares = $"unconditional, every column and column pair: all {input.Synthetic.RowCount} synthetic rows vs the {fitted.RowCount} real rows the model was fitted on, as SDMetrics' QualityReport, LogisticDetection and NewRowSynthesis define them";
        var list = new List<FidelityComparison>
        {
            new($"unconditional: all synthetic rows vs {TrainAgainst}", "train", null, fitted.RowCount, input.Synthetic.RowCount, headline, train.Shapes, train.Trends, train.TrendsRealRangeBins,
                train.Detection.Auc),
        };
        var holdoutDetection = Detect(input.Holdout, input.Synthetic, input.Schema, options);
        list.Add(Compare("unconditional: all synthetic rows vs the holdout (real rows the model never saw)", "holdout", null, input.Holdout, input.Synthetic, input.Schema,
            double.IsNaN(holdoutDetection.Score) ? null : holdoutDetection.Score) with
        {
            DetectionAuc = double.IsNaN(holdoutDetection.Auc) ? null : holdoutDetection.Auc,
            GbtDetectionAuc = options.GradientBoostedDetection ? GbtDetect(input.Holdout, input.Synthetic, input.Schema, options) : null,
        });

        if (input.Target is { } target && options.PerClassFidelity)
        {
            var syntheticByClass = ByClass(input.Synthetic, target);
            var trainByClass = ByClass(fitted, target);
            var holdoutByClass = ByClass(input.Holdout, target);
            foreach (var (value, rows) in syntheticByClass.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var synthetic = input.Synthetic.SelectRows(rows);
                foreach (var (against, real, label) in new[] { ("train", trainByClass, TrainAgainst), ("holdout", holdoutByClass, "the holdout") })
                {
                    if (!real.TryGetValue(value, out var realRows))
                    {
                        notes.Add($"fidelity per class: {target} = {value} has synthetic rows but none in {label}; not compared.");
                        continue;
                    }

                    list.Add(Compare($"per class {target} = {value}: synthetic rows of that class vs rows of that class in {label}", against, value,
                        (against == "train" ? fitted : input.Holdout).SelectRows(realRows), synthetic, input.Schema, null));
                }
            }
        }

        return new FidelitySummary(headline, compares, list);
    }

    /// <summary>LightGBM detection's out-of-fold AUC, or null when a side has fewer rows than folds.</summary>
    private static double? GbtDetect(DataTable real, DataTable synthetic, DatasetSchema schema, EvaluationOptions options) =>
        real.RowCount >= options.DetectionFolds && synthetic.RowCount >= options.DetectionFolds
            ? GbtDetection.Evaluate(real, synthetic, schema, options.Seed, options.DetectionFolds, options.DetectionMaxRows).Auc
            : null;

    private static FidelityComparison Compare(string label, string against, string? value, DataTable real, DataTable synthetic, DatasetSchema schema, double? detection)
    {
        var shapes = ColumnShapes.Score(real, synthetic, schema);
        var trends = ColumnPairTrends.Score(real, synthetic, schema);
        var ours = ColumnPairTrends.Score(real, synthetic, schema, binning: PairBinning.RealRange);
        return new FidelityComparison(label, against, value, real.RowCount, synthetic.RowCount, SdMetricsScores.From(shapes, trends, detection, null), shapes, trends, ours);
    }

    private static Dictionary<string, int[]> ByClass(DataTable table, string target)
    {
        var cells = table.Column(table.IndexOf(target) is var i and >= 0 ? i : throw new ArgumentException($"A table has no target column '{target}'.", nameof(target)));
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var r = 0; r < cells.Count; r++)
        {
            var key = cells[r] ?? "(missing)";
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }

            list.Add(r);
        }

        return groups.ToDictionary(g => g.Key, g => g.Value.ToArray(), StringComparer.Ordinal);
    }

}
