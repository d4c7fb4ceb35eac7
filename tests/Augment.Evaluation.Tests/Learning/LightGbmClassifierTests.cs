using Augment.Evaluation.Internal;
using Augment.Evaluation.Learning;

namespace Augment.Evaluation.Tests.Learning;

public class LightGbmClassifierTests
{
    private static (TableCodec Codec, EncodedTable X, int[] Y) Xor(int rows, int seed)
    {
        // label = (x > 0) XOR (c == "b"): no linear model separates it, two splits do.
        var rng = new Random(seed);
        var cells = Enumerable.Range(0, rows).Select(_ =>
        {
            var x = Math.Round((rng.NextDouble() * 2) - 1, 3);
            var c = rng.NextDouble() < 0.5 ? "a" : "b";
            return new string?[] { x.ToString(System.Globalization.CultureInfo.InvariantCulture), c, (x > 0) ^ (c == "b") ? "yes" : "no" };
        }).ToArray();
        return LogisticRegressionTests.Encode(SampleData.FromRows(["x", "c", "label"], cells));
    }

    [Fact]
    public void Fit_InteractionThatIsNotLinear_LearnsIt()
    {
        var (codec, x, y) = Xor(1200, 3);
        var fit = Enumerable.Range(0, 1000).ToArray();
        var val = Enumerable.Range(1000, 200).ToArray();

        using var model = LightGbmClassifier.Fit(Select(x, fit), Pick(y, fit), null, 2, null, Select(x, val), Pick(y, val));
        var p = model.PredictProba(Select(x, val));

        var accuracy = val.Select((r, i) => (p[(2 * i) + 1] > 0.5 ? 1 : 0) == y[r]).Count(ok => ok) / 200.0;
        Assert.True(accuracy > 0.95, $"accuracy {accuracy}");
        var linear = LogisticRegression.Fit(DesignMatrix.Build(codec, Select(x, fit)), Pick(y, fit), 2);
        var q = linear.PredictProba(DesignMatrix.Build(codec, Select(x, val)));
        var linearAccuracy = val.Select((r, i) => (q[(2 * i) + 1] > 0.5 ? 1 : 0) == y[r]).Count(ok => ok) / 200.0;
        Assert.True(linearAccuracy < 0.7, $"a linear model should not solve XOR: {linearAccuracy}");
    }

    [Fact]
    public void Fit_SameInputAndSeed_SameProbabilitiesWhateverTheThreadCount()
    {
        var (_, x, y) = LogisticRegressionTests.Encode(SampleData.Population(3000, 11));
        var fit = Enumerable.Range(0, 2500).ToArray();
        var val = Enumerable.Range(2500, 500).ToArray();
        double[] Run(int threads, int seed)
        {
            var options = new LightGbmOptions { Seed = seed, Threads = threads, BaggingFraction = 0.8 };
            using var model = LightGbmClassifier.Fit(Select(x, fit), Pick(y, fit), null, 2, options, Select(x, val), Pick(y, val));
            return model.PredictProba(x);
        }

        var once = Run(1, 5);

        Assert.Equal(once, Run(1, 5));
        Assert.Equal(once, Run(4, 5));
        Assert.NotEqual(once, Run(1, 6)); // the seed drives the row bagging
    }

    [Fact]
    public void Fit_ValidationLossStopsImproving_KeepsTheBestRound()
    {
        var (_, x, y) = LogisticRegressionTests.Encode(SampleData.Population(1500, 12));
        var fit = Enumerable.Range(0, 1200).ToArray();
        var val = Enumerable.Range(1200, 300).ToArray();

        using var stopped = LightGbmClassifier.Fit(Select(x, fit), Pick(y, fit), null, 2, new LightGbmOptions { LearningRate = 0.5 }, Select(x, val), Pick(y, val));
        using var full = LightGbmClassifier.Fit(Select(x, fit), Pick(y, fit), null, 2, new LightGbmOptions { MaxRounds = 40, EarlyStopping = false });

        Assert.InRange(stopped.Rounds, 1, 299);
        Assert.Equal(40, full.Rounds);
    }

    [Fact]
    public void Fit_SignalInACategoryWithManyLevels_SplitsOnItNatively()
    {
        // 40 levels; the label is "yes" for levels 0-19 only: a native categorical split separates them in one step.
        var rng = new Random(9);
        var cells = Enumerable.Range(0, 2000).Select(_ =>
        {
            var level = rng.Next(40);
            return new string?[] { $"L{level}", level < 20 ? "yes" : "no" };
        }).ToArray();
        var (_, x, y) = LogisticRegressionTests.Encode(SampleData.FromRows(["level", "label"], cells));

        using var model = LightGbmClassifier.Fit(x, y, null, 2, new LightGbmOptions { MaxRounds = 20, EarlyStopping = false });
        var p = model.PredictProba(x);

        Assert.Empty(x.Numeric);
        Assert.Equal(1.0, Ranking.Auc(Enumerable.Range(0, y.Length).Select(i => p[(2 * i) + 1]).ToArray(), y.Select(v => v == 1).ToArray()), 9);
    }

    [Fact]
    public void PredictProba_MultiClass_ProbabilitiesSumToOne()
    {
        var table = SampleData.Population(800, 7);
        var codec = TableCodec.Fit(table, SampleData.Schema(table), ["color"]);
        var x = codec.Encode(table);
        var y = table.Column(table.IndexOf("color")).Select(c => c == "red" ? 0 : c == "green" ? 1 : 2).ToArray();

        using var model = LightGbmClassifier.Fit(x, y, null, 3, new LightGbmOptions { MaxRounds = 10 });
        var p = model.PredictProba(x);

        for (var i = 0; i < 800; i++)
        {
            Assert.Equal(1.0, p[3 * i] + p[(3 * i) + 1] + p[(3 * i) + 2], 9);
        }
    }

    private static EncodedTable Select(EncodedTable table, int[] rows) => Resampling.Select(table, rows);

    private static int[] Pick(int[] labels, int[] rows) => rows.Select(i => labels[i]).ToArray();
}
