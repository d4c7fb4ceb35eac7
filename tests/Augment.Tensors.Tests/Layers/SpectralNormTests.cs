using Augment.Tensors.Layers;

namespace Augment.Tensors.Tests.Layers;

/// <summary>Spectral normalisation: σ converges to the top singular value (from a long power iteration written here),
/// the normalised weight's top singular value is ≈ 1, the backward pass matches finite differences (u, v fixed in
/// evaluation mode), and u, v travel with the state.</summary>
public class SpectralNormTests
{
    [Fact]
    public void Forward_InTraining_BoundsTheTopSingularValueToOne()
    {
        // Arrange: a 6×9 weight scaled up so its top singular value is far from 1.
        var linear = new Linear(9, 6, new Random(2));
        for (var i = 0; i < linear.Weight.Value.Length; i++)
        {
            linear.Weight.Value.Data[i] *= 7f;
        }

        var expected = TopSingularValue(linear.Weight.Value.Data, 6, 9);
        var original = linear.Weight.Value.Clone();
        var sn = new SpectralNorm(linear, linear.Weight, new Random(3));
        var x = TestData.Matrix(4, 9, 5);

        // Act: one power iteration per forward pass.
        for (var step = 0; step < 30; step++)
        {
            sn.Forward(x);
        }

        // Assert
        Assert.True(expected > 2, $"top singular value {expected}");
        Assert.Equal(expected, sn.Sigma, expected * 1e-3);
        Assert.Equal(1.0, TopSingularValue(linear.Weight.Value.Data, 6, 9), 1e-3);
        Assert.Equal(original.Data, sn.WeightOrig.Value.Data);
    }

    [Fact]
    public void Forward_InEvaluation_KeepsUAndV()
    {
        var linear = new Linear(5, 4, new Random(2));
        var sn = new SpectralNorm(linear, linear.Weight, new Random(3)) { Training = false };
        var u = sn.U.Clone();
        sn.Forward(TestData.Matrix(3, 5, 1));
        Assert.Equal(u.Data, sn.U.Data);
        sn.Training = true;
        sn.Forward(TestData.Matrix(3, 5, 1));
        Assert.NotEqual(u.Data, sn.U.Data);
    }

    [Fact]
    public void Backward_Linear_MatchesFiniteDifferences() =>
        GradCheck.Module(
            () =>
            {
                var linear = new Linear(5, 4, new Random(2));
                return new SpectralNorm(linear, linear.Weight, new Random(3)) { Training = false };
            },
            TestData.Matrix(3, 5, 7),
            eps: 1e-3f);

    [Fact]
    public void Backward_Conv2d_MatchesFiniteDifferences()
    {
        var shape = new ImageShape(2, 5, 5);
        GradCheck.Module(
            () =>
            {
                var conv = new Conv2d(shape, 3, 3, new Random(2), stride: 2, padding: 1);
                return new SpectralNorm(conv, conv.Weight, new Random(3)) { Training = false };
            },
            TestData.Matrix(2, shape.Size, 8).Reshape(2, 2, 5, 5),
            eps: 1e-3f);
    }

    [Fact]
    public void State_CarriesWeightUAndV_AndParametersExcludeTheScaledWeight()
    {
        var linear = new Linear(5, 4, new Random(2));
        var sn = new SpectralNorm(linear, linear.Weight, new Random(3));
        sn.Forward(TestData.Matrix(3, 5, 1));
        Assert.Equal(["weight_orig", "bias"], sn.NamedParameters().Select(p => p.Name));
        Assert.Equal(["weight_orig", "weight_u", "weight_v", "bias"], sn.State().Select(s => s.Name));

        var copyLinear = new Linear(5, 4, new Random(9));
        var copy = new SpectralNorm(copyLinear, copyLinear.Weight, new Random(10)) { Training = false };
        copy.LoadState(sn.State().ToDictionary(s => s.Name, s => s.Tensor));
        sn.Training = false;
        var x = TestData.Matrix(3, 5, 4);
        Assert.Equal(sn.Forward(x).Data, copy.Forward(x).Data);
    }

    /// <summary>‖W‖₂ by 2,000 power iterations on WᵀW in double.</summary>
    private static double TopSingularValue(float[] w, int rows, int cols)
    {
        var v = Enumerable.Range(0, cols).Select(i => 1.0 + (0.1 * i)).ToArray();
        double norm = 0;
        for (var it = 0; it < 2000; it++)
        {
            var wv = new double[rows];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < cols; c++)
                {
                    wv[r] += w[(r * cols) + c] * v[c];
                }
            }

            var next = new double[cols];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < cols; c++)
                {
                    next[c] += w[(r * cols) + c] * wv[r];
                }
            }

            var n = Math.Sqrt(next.Sum(x => x * x));
            v = next.Select(x => x / n).ToArray();
            norm = Math.Sqrt(n);
        }

        return norm;
    }
}
