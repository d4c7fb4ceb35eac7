using Augment.Evaluation.Internal;

namespace Augment.Evaluation.Tests.Learning;

public class RankingTests
{
    [Fact]
    public void Auc_HandComputed_WithTiesCountingHalf()
    {
        // scikit-learn's example: roc_auc_score([0,0,1,1], [.1,.4,.35,.8]) = 0.75.
        Assert.Equal(0.75, Ranking.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 12);
        // One positive tied with one negative, above the other negative: (1 + 0.5) / 2.
        Assert.Equal(0.75, Ranking.Auc([0.1, 0.5, 0.5], [false, false, true]), 12);
        Assert.True(double.IsNaN(Ranking.Auc([0.1, 0.5], [true, true])));
    }

    [Fact]
    public void AveragePrecision_HandComputed()
    {
        // scikit-learn's example: average_precision_score([0,0,1,1], [.1,.4,.35,.8]) = 0.8333.
        Assert.Equal(5.0 / 6, Ranking.AveragePrecision([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 12);
    }

    [Fact]
    public void F1_HandComputed()
    {
        // class 1: tp 1, fp 1, fn 1 → 2/(2+1+1) = 0.5.
        Assert.Equal(0.5, Ranking.F1([1, 1, 0, 0], [1, 0, 1, 0], 1), 12);
    }

    [Fact]
    public void Auc_WithMultiplicities_EqualsAucOfRepeatedRows()
    {
        double[] scores = [0.2, 0.9, 0.4, 0.7, 0.4];
        bool[] positive = [false, true, false, true, true];
        double[] counts = [2, 0, 1, 3, 1];
        var repeated = Enumerable.Range(0, 5).SelectMany(i => Enumerable.Repeat(i, (int)counts[i])).ToArray();
        var expected = Ranking.Auc(repeated.Select(i => scores[i]).ToArray(), repeated.Select(i => positive[i]).ToArray());
        Assert.Equal(expected, Ranking.Auc(Ranking.Order(scores), scores, positive, counts), 12);
    }
}
