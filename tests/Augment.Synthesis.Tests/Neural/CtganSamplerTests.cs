using Augment.Tensors;

namespace Augment.Synthesis.Tests.Neural;

/// <summary>The sampling form of CTGAN's generator computes what the network computes.</summary>
[Collection(NeuralCollection.Name)]
public sealed class CtganSamplerTests(NeuralFixture fixture)
{
    [Fact]
    public void Forward_MatchesTheGeneratorNetwork_WithAndWithoutACondition()
    {
        var model = fixture.Ctgan;
        const int rows = 300;
        var random = new Random(4);
        var z = new Tensor(rows, model.NoiseWidth);
        for (var i = 0; i < z.Length; i++)
        {
            z.Data[i] = (float)((random.NextDouble() * 4) - 2);
        }

        // Every condition position once, then none, then random ones.
        var positions = Enumerable.Range(0, rows).Select(i => i < model.ConditionWidth ? i : i % 3 == 0 ? -1 : random.Next(model.ConditionWidth)).ToArray();

        var expected = model.NetworkForward(z, positions);
        var actual = model.Sampler().Forward(z, positions);

        Assert.Equal(expected.Shape, actual.Shape);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected.Data[i] - actual.Data[i]) / (1 + Math.Abs(expected.Data[i])));
        }

        Assert.True(worst < 1e-4f, $"largest relative difference {worst}");
        Assert.True(expected.Data.Select(Math.Abs).Max() > 0.1f, "the network's outputs are not all near zero");
    }
}
