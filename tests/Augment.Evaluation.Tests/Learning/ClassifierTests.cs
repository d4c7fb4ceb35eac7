using Augment.Evaluation.Internal;
using Augment.Evaluation.Learning;

namespace Augment.Evaluation.Tests.Learning;

public class ClassifierTests
{
    private static (TableCodec Codec, EncodedTable X, int[] Y) Encode(Data.DataTable table)
    {
        var codec = TableCodec.Fit(table, SampleData.Schema(table), ["label"]);
        var labels = table.Column(table.IndexOf("label")).Select(l => l == "yes" ? 1 : 0).ToArray();
        return (codec, codec.Encode(table), labels);
    }

    [Fact]
    public void GradientBoosting_LearnsAnInteractionThatIsNotLinear_AndIsDeterministic()
    {
        // label = (x > 0) XOR (c == "b"): no linear model separates it, two splits do.
        var rng = new Random(3);
        var rows = Enumerable.Range(0, 1200).Select(_ =>
        {
            var x = Math.Round((rng.NextDouble() * 2) - 1, 3);
            var c = rng.NextDouble() < 0.5 ? "a" : "b";
            return new string?[] { x.ToString(System.Globalization.CultureInfo.InvariantCulture), c, (x > 0) ^ (c == "b") ? "yes" : "no" };
        }).ToArray();
        var table = SampleData.FromRows(["x", "c", "label"], rows);
        var (codec, x, y) = Encode(table);
        var fit = Enumerable.Range(0, 1000).ToArray();
        var val = Enumerable.Range(1000, 200).ToArray();
        GradientBoosting Train() => GradientBoosting.Fit(codec, Select(x, fit), fit.Select(i => y[i]).ToArray(), Enumerable.Repeat(1.0, 1000).ToArray(), 2, Select(x, val), val.Select(i => y[i]).ToArray());

        var model = Train();
        var p = model.PredictProba(Select(x, val));
        var accuracy = val.Select((r, i) => (p[(2 * i) + 1] > 0.5 ? 1 : 0) == y[r]).Count(ok => ok) / 200.0;
        Assert.True(accuracy > 0.95, $"accuracy {accuracy}");
        Assert.Equal(p, Train().PredictProba(Select(x, val)));

        var linear = LogisticRegression.Fit(DesignMatrix.Build(codec, Select(x, fit)), fit.Select(i => y[i]).ToArray(), 2);
        var q = linear.PredictProba(DesignMatrix.Build(codec, Select(x, val)));
        var linearAccuracy = val.Select((r, i) => (q[(2 * i) + 1] > 0.5 ? 1 : 0) == y[r]).Count(ok => ok) / 200.0;
        Assert.True(linearAccuracy < 0.7, $"a linear model should not solve XOR: {linearAccuracy}");
    }

    [Fact]
    public void GradientBoosting_MultiClass_ProbabilitiesSumToOne()
    {
        var table = SampleData.Population(800, 7);
        var codec = TableCodec.Fit(table, SampleData.Schema(table), ["color"]);
        var x = codec.Encode(table);
        var y = table.Column(table.IndexOf("color")).Select(c => c == "red" ? 0 : c == "green" ? 1 : 2).ToArray();
        var model = GradientBoosting.Fit(codec, x, y, Enumerable.Repeat(1.0, 800).ToArray(), 3, x, y, new GbtOptions { MaxRounds = 10 });
        var p = model.PredictProba(x);
        for (var i = 0; i < 800; i++)
        {
            Assert.Equal(1.0, p[3 * i] + p[(3 * i) + 1] + p[(3 * i) + 2], 9);
        }
    }

    [Fact]
    public void LogisticRegression_RecoversTheSignOfEachEffect()
    {
        var table = SampleData.Population(3000, 8);
        var (codec, x, y) = Encode(table);
        var model = LogisticRegression.Fit(DesignMatrix.Build(codec, x), y, 2);
        var p = model.PredictProba(DesignMatrix.Build(codec, x));
        var auc = Ranking.Auc(Enumerable.Range(0, y.Length).Select(i => p[(2 * i) + 1]).ToArray(), y.Select(v => v == 1).ToArray());
        Assert.True(auc > 0.8, $"AUC {auc}");

        // Older rows are more often "yes" in the generating model.
        var older = Enumerable.Range(0, y.Length).Where(i => x.Numeric[0][i] > 60).Average(i => p[(2 * i) + 1]);
        var younger = Enumerable.Range(0, y.Length).Where(i => x.Numeric[0][i] < 30).Average(i => p[(2 * i) + 1]);
        Assert.True(older > younger);
    }

    private static EncodedTable Select(EncodedTable table, int[] rows) => Resampling.Select(table, rows);
}
