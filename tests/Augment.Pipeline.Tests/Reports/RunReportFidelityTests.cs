using System.Text.Json;
using Augment.Pipeline.Reports;

namespace Augment.Pipeline.Tests.Reports;

public sealed class RunReportFidelityTests
{
    [Fact]
    public void Json_FidelityAtRoot_CarriesSdMetricsScoresAndLabelledComparisons()
    {
        var report = ReportSamples.Build();

        var json = JsonSerializer.Serialize(report, ReportJsonContext.Default.RunReport);

        using var doc = JsonDocument.Parse(json);
        var fidelity = doc.RootElement.GetProperty("fidelity");
        var sdmetrics = fidelity.GetProperty("sdmetrics");
        foreach (var name in new[] { "quality", "column_shapes", "column_pair_trends", "logistic_detection" })
        {
            Assert.True(sdmetrics.GetProperty(name).ValueKind is JsonValueKind.Number or JsonValueKind.String, name);
        }

        var comparisons = fidelity.GetProperty("comparisons").EnumerateArray().ToList();
        Assert.Equal("train", comparisons[0].GetProperty("against").GetString());
        Assert.Equal(JsonValueKind.Null, comparisons[0].GetProperty("class").ValueKind);
        Assert.Contains(comparisons, c => c.GetProperty("against").GetString() == "holdout" && c.GetProperty("class").ValueKind == JsonValueKind.Null);
        Assert.Contains(comparisons, c => c.GetProperty("class").ValueKind == JsonValueKind.String && c.GetProperty("label").GetString()!.StartsWith("per class label = ", StringComparison.Ordinal));
        Assert.False(doc.RootElement.GetProperty("evaluation").TryGetProperty("fidelity", out var nested) && nested.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public void Fidelity_TrainComparison_UsesTheTrainingRowsAndMatchesTheHeadline()
    {
        var report = ReportSamples.Build();

        var fidelity = Assert.IsType<Augment.Evaluation.FidelitySummary>(report.Fidelity);

        var train = fidelity.Comparisons[0];
        Assert.Equal(report.Rows.Train, train.RealRows);
        Assert.Equal(report.Rows.Synthetic, train.SyntheticRows);
        Assert.Equal(fidelity.Sdmetrics, train.Sdmetrics);
        Assert.Equal(report.Evaluation!.Shapes.Score, fidelity.Comparisons.Single(c => c.Against == "holdout" && c.Class is null).Shapes.Score);
    }
}
