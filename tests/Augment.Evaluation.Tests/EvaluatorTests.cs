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
