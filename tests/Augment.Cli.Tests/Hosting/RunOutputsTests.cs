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
