using System.Globalization;
using Augment.Data;
using Augment.Pipeline.Activities;
using Augment.Pipeline.Quality;
using Augment.Pipeline.Spec;
using static Augment.Pipeline.Tests.TestTables;

namespace Augment.Pipeline.Tests.Activities;

public sealed class EvaluateActivityTests
{
    private static readonly string[] Header = ["x", "y", "label"];

    [Fact]
    public void Evaluate_FitSample_ComparesFidelityWithTheFittedRowsAndTheHoldout()
    {
        var train = Rows(600, 1);
        var fitted = train.SelectRows([.. Enumerable.Range(0, 200)]);
        var holdout = Rows(150, 2);
        var synthetic = Rows(300, 3);
        var spec = new ResolvedSpec("label", [], RowsRequest.Auto, "gaussian-copula", 5, 0.2, 2000, []) { Quality = QualityPolicy.Default };

        var evaluation = EvaluateActivity.Evaluate(train, holdout, synthetic, Schema(train, "label"), spec, fitted);

        var fidelity = Assert.IsType<Augment.Evaluation.FidelitySummary>(evaluation.Fidelity);
        Assert.Equal(200, fidelity.Comparisons[0].RealRows);
        Assert.Equal("train", fidelity.Comparisons[0].Against);
        var vsHoldout = Assert.Single(fidelity.Comparisons, c => c.Against == "holdout" && c.Class is null);
        Assert.Equal(150, vsHoldout.RealRows);
        Assert.Equal(vsHoldout.Shapes.Score, evaluation.Shapes.Score);
        Assert.Equal(vsHoldout.Sdmetrics.LogisticDetection, evaluation.Detection!.Score);
        Assert.Equal(4, fidelity.Comparisons.Count(c => c.Class is not null));
        Assert.Contains(evaluation.Timings, t => t.Metric == "fidelity");
    }

    private static DataTable Rows(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new string?[count][];
        for (var i = 0; i < count; i++)
        {
            var x = random.NextDouble() * 10;
            var y = x + random.NextDouble();
            rows[i] = [x.ToString("0.000", CultureInfo.InvariantCulture), y.ToString("0.000", CultureInfo.InvariantCulture), random.NextDouble() < 0.3 ? "yes" : "no"];
        }

        return Table(Header, rows);
    }
}
