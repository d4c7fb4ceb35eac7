using Augment.Data;
using System.Text.Json;

namespace Augment.Evaluation.Tests;

public class EvaluatorTests
{
    [Fact]
    public void Evaluate_SmallTables_FillsEveryFamilyAndSerialises()
    {
        var train = SampleData.Population(800, 41);
        var holdout = SampleData.Population(300, 42);
        var synthetic = SampleData.Population(800, 43);
        var input = new EvaluationInput(train, holdout, synthetic, SampleData.Schema(train), "label", ["sex"]);
        var report = Evaluator.Evaluate(input, new EvaluationOptions { BootstrapResamples = 100 });

        Assert.Equal(5, report.Fidelity.Shapes.Columns.Count);
        Assert.Equal(10, report.Fidelity.Trends.Pairs.Count);
        Assert.InRange(report.Fidelity.Shapes.Score, 0.8, 1);
        Assert.NotNull(report.Utility);
        Assert.NotNull(report.Bias);
        Assert.Equal(800, report.Privacy.SyntheticDcr.Count);
        var json = JsonSerializer.Serialize(report, EvaluationJsonContext.Default.EvaluationReport);
        Assert.Contains("\"shareCloserToTrain\"", json, StringComparison.Ordinal);
        Assert.Contains("\"verdicts\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MinorityOnlySynthetic_UnconditionalShapesLowPerClassHighBothLabelled()
    {
        // Balance mode: the generator adds rows of the minority class only.
        var train = SampleData.Population(2000, 7);
        var holdout = SampleData.Population(600, 8);
        var labels = train.Column(train.IndexOf("label"));
        var minority = labels.GroupBy(l => l).OrderBy(g => g.Count()).First().Key!;
        var minorityRows = Enumerable.Range(0, train.RowCount).Where(i => labels[i] == minority).ToArray();
        var synthetic = SampleData.Resample(train.SelectRows(minorityRows), 500, 9);

        var report = Evaluator.Evaluate(new EvaluationInput(train, holdout, synthetic, SampleData.Schema(train), "label"), new EvaluationOptions { Utility = false });

        var comparisons = report.Comparisons.Comparisons;
        var unconditional = Assert.Single(comparisons, c => c.Against == "train" && c.Class is null);
        var perClass = Assert.Single(comparisons, c => c.Against == "train" && c.Class == minority);
        Assert.Single(comparisons, c => c.Against == "holdout" && c.Class is null);
        Assert.Single(comparisons, c => c.Against == "holdout" && c.Class == minority);
        Assert.DoesNotContain(comparisons, c => c.Class is not null && c.Class != minority);
        Assert.Equal(report.Comparisons.Sdmetrics, unconditional.Sdmetrics);
        Assert.StartsWith("unconditional", unconditional.Label, StringComparison.Ordinal);
        Assert.StartsWith($"per class label = {minority}", perClass.Label, StringComparison.Ordinal);
        Assert.Equal(train.RowCount, unconditional.RealRows);
        Assert.Equal(minorityRows.Length, perClass.RealRows);
        Assert.True(unconditional.Sdmetrics.ColumnShapes < 0.85, $"unconditional shapes {unconditional.Sdmetrics.ColumnShapes}");
        Assert.True(perClass.Sdmetrics.ColumnShapes > 0.95, $"per-class shapes {perClass.Sdmetrics.ColumnShapes}");
        Assert.Null(perClass.Sdmetrics.LogisticDetection);
        Assert.NotNull(unconditional.Sdmetrics.LogisticDetection);
    }

    [Fact]
    public void Evaluate_FittedSample_ComparesFidelityWithTheFittedRows()
    {
        var train = SampleData.Population(1200, 11);
        var fitted = train.SelectRows([.. Enumerable.Range(0, 400)]);
        var synthetic = SampleData.Population(300, 12);

        var report = Evaluator.Evaluate(new EvaluationInput(train, SampleData.Population(200, 13), synthetic, SampleData.Schema(train), Fitted: fitted),
            new EvaluationOptions { Utility = false });

        Assert.Equal(400, report.Comparisons.Comparisons[0].RealRows);
        Assert.Contains("the 400 real rows the model was fitted on", report.Comparisons.Compares, StringComparison.Ordinal);
        Assert.Equal(300, report.Privacy.SyntheticDcr.Count);
        var json = JsonSerializer.Serialize(report, EvaluationJsonContext.Default.EvaluationReport);
        Assert.Contains("\"column_pair_trends\"", json, StringComparison.Ordinal);
        Assert.Contains("\"logistic_detection\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PrivacyMaxRows_SamplesAndSaysSo()
    {
        var train = SampleData.Population(500, 21);

        var report = Evaluator.Evaluate(new EvaluationInput(train, SampleData.Population(300, 22), SampleData.Population(400, 23), SampleData.Schema(train)),
            new EvaluationOptions { PrivacyMaxRows = 100 });

        Assert.Equal(100, report.Privacy.SyntheticDcr.Count);
        Assert.Contains(report.Notes, n => n.StartsWith("privacy metrics: 100 of 400", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_UtilityMaxHoldoutRows_ScoresASeededSampleAndSaysSo()
    {
        var train = SampleData.Population(600, 24);
        var input = new EvaluationInput(train, SampleData.Population(900, 25), SampleData.Population(300, 26), SampleData.Schema(train), "label");
        var options = new EvaluationOptions { UtilityMaxHoldoutRows = 250, BootstrapResamples = 50, GradientBoostedDetection = false };

        var report = Evaluator.Evaluate(input, options);

        Assert.Equal(250, report.Utility!.HoldoutRows);
        Assert.Contains(report.Notes, n => n.Contains("tested on 250 of 900 holdout rows (sampled with the seed)", StringComparison.Ordinal));
        Assert.Equal(report.Utility.Arms.Select(a => a.RocAuc), Evaluator.Evaluate(input, options).Utility!.Arms.Select(a => a.RocAuc));
    }

    [Fact]
    public void Evaluate_GradientBoostedDetection_OnTheUnconditionalHoldoutComparisonOnly()
    {
        // Synthetic rows that copy the real marginals but break the label's dependence on the other columns: the logistic
        // detector barely sees it, the trees do.
        var train = SampleData.Population(1500, 51);
        var holdout = SampleData.Population(1500, 52);
        var synthetic = SampleData.Population(1500, 53);
        var columns = SampleData.Columns.Select((_, c) => synthetic.Column(c).ToArray()).ToArray();
        new Random(1).Shuffle(columns[synthetic.IndexOf("label")]);
        var broken = DataTable.FromColumns(SampleData.Columns, columns);

        var report = Evaluator.Evaluate(new EvaluationInput(train, holdout, broken, SampleData.Schema(train), "label"), new EvaluationOptions { Utility = false });

        var unconditionalHoldout = Assert.Single(report.Comparisons.Comparisons, c => c.Against == "holdout" && c.Class is null);
        Assert.NotNull(unconditionalHoldout.GbtDetectionAuc);
        Assert.True(unconditionalHoldout.GbtDetectionAuc > unconditionalHoldout.DetectionAuc, $"GBT {unconditionalHoldout.GbtDetectionAuc}, logistic {unconditionalHoldout.DetectionAuc}");
        Assert.All(report.Comparisons.Comparisons.Where(c => c != unconditionalHoldout), c => Assert.Null(c.GbtDetectionAuc));
    }

    [Fact]
    public void Evaluate_TwoHoldoutRows_SkipsHoldoutDetectionInsteadOfFailing()
    {
        var train = SampleData.Population(300, 31);

        var report = Evaluator.Evaluate(new EvaluationInput(train, SampleData.Population(2, 32), SampleData.Population(200, 33), SampleData.Schema(train)),
            new EvaluationOptions { Utility = false });

        var holdout = Assert.Single(report.Comparisons.Comparisons, c => c.Against == "holdout");
        Assert.Null(holdout.Sdmetrics.LogisticDetection);
        Assert.NotNull(report.Comparisons.Sdmetrics.LogisticDetection);
    }

    [Fact]
    public void Evaluate_EmptySynthetic_FailsWithOneLine()
    {
        var train = SampleData.Population(50, 1);
        var empty = train.SelectRows([]);
        var error = Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(new EvaluationInput(train, train, empty, SampleData.Schema(train))));
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Evaluate_UnknownTarget_FailsWithOneLine()
    {
        var train = SampleData.Population(50, 1);
        var error = Assert.Throws<ArgumentException>(() => Evaluator.Evaluate(new EvaluationInput(train, train, train, SampleData.Schema(train), "nope")));
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }
}
