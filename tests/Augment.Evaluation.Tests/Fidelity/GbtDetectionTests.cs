namespace Augment.Evaluation.Tests.Fidelity;

public class GbtDetectionTests
{
    [Fact]
    public void Evaluate_InteractionBrokenButMarginalsKept_TreesDetectWhatTheLogisticMisses()
    {
        // Real: y = sign(x1·x2) — synthetic: same marginals, y drawn independently. Linear in none of them.
        static Data.DataTable Table(int rows, int seed, bool broken)
        {
            var rng = new Random(seed);
            var cells = Enumerable.Range(0, rows).Select(_ =>
            {
                var a = (rng.NextDouble() * 2) - 1;
                var b = (rng.NextDouble() * 2) - 1;
                var same = broken ? rng.NextDouble() < 0.5 : a * b > 0;
                return new string?[] { a.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), b.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), same ? "same" : "differ" };
            }).ToArray();
            return SampleData.FromRows(["a", "b", "sign"], cells);
        }

        var real = Table(1500, 1, broken: false);
        var synthetic = Table(1500, 2, broken: true);
        var schema = SampleData.Schema(real);

        var trees = GbtDetection.Evaluate(real, synthetic, schema, seed: 3);
        var logistic = Detection.Evaluate(real, synthetic, schema, seed: 3);

        Assert.True(trees.Auc > 0.7, $"GBT detection AUC {trees.Auc}");
        Assert.True(logistic.Auc < 0.6, $"logistic detection AUC {logistic.Auc}");
        Assert.True(trees.Score < logistic.Score);
        Assert.Equal(1500, trees.SyntheticRealness.Count);
    }

    [Fact]
    public void Evaluate_ResampleOfTheRealRows_NearlyIndistinguishableAndDeterministic()
    {
        var real = SampleData.Population(1200, 51);
        var synthetic = SampleData.Population(1200, 52);
        var schema = SampleData.Schema(real);

        var first = GbtDetection.Evaluate(real, synthetic, schema, seed: 4);
        var second = GbtDetection.Evaluate(real, synthetic, schema, seed: 4);

        Assert.InRange(first.Auc, 0.4, 0.6);
        Assert.Equal(first.FoldAucs, second.FoldAucs);
        Assert.Equal(first.SyntheticRealness, second.SyntheticRealness);
    }
}
