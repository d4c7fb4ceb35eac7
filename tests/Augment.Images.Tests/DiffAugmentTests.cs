using Augment.Synthesis;
using Augment.Tensors;
using Augment.Tensors.Layers;

namespace Augment.Images.Tests;

/// <summary>DiffAugment: shapes kept, each operation does what it says, and the backward pass is the exact gradient
/// (central finite differences of L = Σ R ⊙ augment(x) for one fixed draw).</summary>
public class DiffAugmentTests
{
    private static readonly ImageShape Shape = new(2, 8, 8);

    [Theory]
    [InlineData(DiffAugmentPolicy.Brightness)]
    [InlineData(DiffAugmentPolicy.Contrast)]
    [InlineData(DiffAugmentPolicy.Translation)]
    [InlineData(DiffAugmentPolicy.Cutout)]
    [InlineData(DiffAugmentPolicy.All)]
    public void Backward_MatchesFiniteDifferences_AndShapesAreKept(DiffAugmentPolicy policy)
    {
        // Arrange
        var x = Random(3, 1);
        var r = Random(3, 2);
        var draw = DiffAugment.Draw(3, Shape, policy, new RandomSource(5));

        // Act
        var y = draw.Forward(x);
        var gx = draw.Backward(r);

        // Assert
        Assert.Equal(x.Shape, y.Shape);
        Assert.Equal(x.Shape, gx.Shape);
        double Loss(Tensor input)
        {
            var output = draw.Forward(input);
            double sum = 0;
            for (var i = 0; i < output.Length; i++)
            {
                sum += (double)output.Data[i] * r.Data[i];
            }

            return sum;
        }

        const float eps = 1e-2f;
        for (var i = 0; i < x.Length; i++)
        {
            var plus = x.Clone();
            plus.Data[i] += eps;
            var minus = x.Clone();
            minus.Data[i] -= eps;
            var numeric = (Loss(plus) - Loss(minus)) / (2 * eps);
            Assert.True(Math.Abs(numeric - gx.Data[i]) <= 1e-3 + (1e-3 * Math.Abs(numeric)), $"{policy} d/dx[{i}]: numeric {numeric}, analytic {gx.Data[i]}");
        }
    }

    [Fact]
    public void Forward_EachOperation_DoesWhatItSays()
    {
        var x = Random(40, 3);
        var random = new RandomSource(9);

        // Brightness moves every pixel of an image by one value; contrast keeps the image mean.
        var bright = DiffAugment.Draw(40, Shape, DiffAugmentPolicy.Brightness, random).Forward(x);
        var contrast = DiffAugment.Draw(40, Shape, DiffAugmentPolicy.Contrast, random).Forward(x);
        var moved = DiffAugment.Draw(40, Shape, DiffAugmentPolicy.Translation, random).Forward(x);
        var cut = DiffAugment.Draw(40, Shape, DiffAugmentPolicy.Cutout, random).Forward(x);
        var shifts = new HashSet<float>();
        var shiftedImages = 0;
        for (var i = 0; i < 40; i++)
        {
            var source = x.Row(i).ToArray();
            var delta = bright.Row(i)[0] - source[0];
            Assert.All(Enumerable.Range(0, source.Length), p => Assert.Equal(delta, bright.Row(i)[p] - source[p], 1e-5f));
            Assert.InRange(delta, -0.5f, 0.5f);
            shifts.Add(MathF.Round(delta, 3));
            Assert.Equal(source.Average(), contrast.Row(i).ToArray().Average(), 1e-4);

            // Translation keeps values (a subset of the source's, plus zero padding) and moves at least some images.
            var sourceValues = source.Select(v => MathF.Round(v, 5)).ToHashSet();
            Assert.All(moved.Row(i).ToArray(), v => Assert.True(v == 0f || sourceValues.Contains(MathF.Round(v, 5))));
            shiftedImages += moved.Row(i).SequenceEqual(x.Row(i)) ? 0 : 1;

            // Cutout zeroes between 1 and a quarter of the pixels (a 4×4 square per channel, clipped by the border)
            // and leaves the others.
            var zeros = Enumerable.Range(0, source.Length).Count(p => cut.Row(i)[p] == 0f);
            Assert.InRange(zeros, Shape.Channels * 4, Shape.Channels * 16);
            Assert.All(Enumerable.Range(0, source.Length), p => Assert.True(cut.Row(i)[p] == 0f || cut.Row(i)[p] == source[p]));
        }

        Assert.True(shifts.Count > 30, "brightness varies per image");
        Assert.True(shiftedImages > 20, $"{shiftedImages} of 40 images translated");
    }

    /// <summary>Values in [0.1, 1.1], so no source pixel is zero.</summary>
    private static Tensor Random(int n, int seed)
    {
        var random = new RandomSource(seed);
        var t = Shape.NewBatch(n);
        for (var i = 0; i < t.Length; i++)
        {
            t.Data[i] = 0.1f + (float)random.NextOpenUnit();
        }

        return t;
    }
}
