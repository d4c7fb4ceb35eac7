using Augment.Evaluation.Internal;
using Augment.Evaluation.Learning;

namespace Augment.Evaluation.Tests.Learning;

public class LogisticRegressionTests
{
    internal static (TableCodec Codec, EncodedTable X, int[] Y) Encode(Data.DataTable table)
    {
        var codec = TableCodec.Fit(table, SampleData.Schema(table), ["label"]);
        var labels = table.Column(table.IndexOf("label")).Select(l => l == "yes" ? 1 : 0).ToArray();
        return (codec, codec.Encode(table), labels);
    }

    [Fact]
    public void Fit_RecoversTheSignOfEachEffect()
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

}
