using Augment.Cli.Hosting;

namespace Augment.Cli.Tests.Hosting;

public class RunOutputsTests
{
    [Fact]
    public void UtilityLine_ReportWithVerdictAndRecommendation_OneLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"report-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            {"evaluation":{"utility":{
              "verdicts":[{"verdict":"hurt","metric":"roc_auc","arm":"augmented","baseline":"real-only","difference":-0.0124,"lower":-0.015,"upper":-0.0099}],
              "recommendation":{"arm":"class-weights","reason":"vs real-only: minority_f1 helped."}}}}
            """);
        try
        {
            var line = RunOutputs.UtilityLine(path);

            Assert.Equal("augmented hurt vs real-only (roc_auc -0.012, 95% CI -0.015 to -0.010); ship class-weights: vs real-only: minority_f1 helped.", line);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{\"evaluation\":null}")]
    [InlineData("{\"evaluation\":{\"utility\":null}}")]
    [InlineData("not json")]
    public void UtilityLine_NoUtility_Null(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"report-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            Assert.Null(RunOutputs.UtilityLine(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public class RunOutputsImageTests
{
    [Fact]
    public void UtilityAndBiasLines_ImageReport_OneLineEach()
    {
        var path = Path.Combine(Path.GetTempPath(), $"report-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """
            {"kind":"images","evaluation":{
              "utility":{"arms":[],"liftPoints":-0.5,"ciLow":-2.25,"ciHigh":1.25,"verdict":"no effect","recommendation":"real + classic","note":"…"},
              "bias":[{"attribute":"ink","verdict":"widened","gapChangePoints":3.04,"ciLow":0.5,"ciHigh":5.58},
                      {"attribute":"site","verdict":"not measured","gapChangePoints":"NaN","ciLow":"NaN","ciHigh":"NaN"}]}}
            """);
        try
        {
            Assert.Equal("synthetic images no effect (accuracy -0.50 points vs real + classic, 95% CI -2.25 to +1.25); ship real + classic", RunOutputs.UtilityLine(path));
            Assert.Equal("ink: widened (gap +3.0 points, 95% CI +0.5 to +5.6); site: not measured", RunOutputs.BiasLine(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BiasLine_TableReportOrNoAudit_Null()
    {
        var path = Path.Combine(Path.GetTempPath(), $"report-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"evaluation":{"utility":{"verdicts":[]},"bias":[]}}""");
        try
        {
            Assert.Null(RunOutputs.BiasLine(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
