using Augment.Synthesis.Neural;

namespace Augment.Synthesis.Tests.Neural;

public sealed class NeuralOpsTests
{
    [Fact]
    public void DrawCategory_FrequenciesFollowTheSoftmaxOfTheLogits()
    {
        float[] logits = [2f, 0f, -1f, 1f, -30f];
        var weights = logits.Select(l => Math.Exp(l)).ToArray();
        var expected = weights.Select(w => w / weights.Sum()).ToArray();
        var random = new RandomSource(11);
        var scratch = new float[logits.Length];
        var counts = new int[logits.Length];
        const int draws = 200_000;

        for (var i = 0; i < draws; i++)
        {
            counts[NeuralOps.DrawCategory(logits, scratch, random)]++;
        }

        for (var k = 0; k < logits.Length; k++)
        {
            var sd = Math.Sqrt(expected[k] * (1 - expected[k]) / draws);
            Assert.InRange(counts[k] / (double)draws, expected[k] - (5 * sd) - 1e-6, expected[k] + (5 * sd) + 1e-6);
        }
    }

    [Fact]
    public void DrawCategory_HugeLogits_DoNotOverflow()
    {
        var scratch = new float[3];

        Assert.Equal(1, NeuralOps.DrawCategory([-1e4f, 1e4f, -1e4f], scratch, new RandomSource(1)));
    }
}
