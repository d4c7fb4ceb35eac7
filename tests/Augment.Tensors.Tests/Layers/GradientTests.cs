using Augment.Tensors.Layers;

namespace Augment.Tensors.Tests.Layers;

public class GradientTests
{
    [Fact]
    public void Linear_Gradients_MatchFiniteDifferences() =>
        GradCheck.Module(() => new Linear(5, 4, new Random(1)), TestData.Matrix(6, 5, 2));

    [Fact]
    public void Linear_LargeEnoughForBlockedGemm_GradientsMatchFiniteDifferences() =>
        GradCheck.Module(() => new Linear(40, 37, new Random(1)), TestData.Matrix(9, 40, 2), tol: 3e-2, checkInput: false);

    public static TheoryData<string> ActivationNames => new() { "relu", "leaky", "tanh", "sigmoid", "silu", "gelu" };

    [Theory]
    [MemberData(nameof(ActivationNames))]
    public void Activation_Gradients_MatchFiniteDifferences(string name)
    {
        Func<Module> create = name switch
        {
            "relu" => () => new ReLU(),
            "leaky" => () => new LeakyReLU(0.2f),
            "tanh" => () => new Tanh(),
            "sigmoid" => () => new Sigmoid(),
            "silu" => () => new SiLU(),
            _ => () => new GELU(),
        };
        GradCheck.Module(create, GradCheck.AwayFromZero(4, 6, 3));
    }

    [Fact]
    public void BatchNorm1d_Training_GradientsMatchFiniteDifferences() =>
        GradCheck.Module(() => WithAffine(new BatchNorm1d(5)), TestData.Matrix(8, 5, 4, 2f));

    [Fact]
    public void BatchNorm1d_Eval_GradientsMatchFiniteDifferences()
    {
        GradCheck.Module(
            () =>
            {
                var bn = WithAffine(new BatchNorm1d(5));
                bn.RunningMean.Data.AsSpan().Fill(0.3f);
                bn.RunningVar.Data.AsSpan().Fill(2f);
                bn.Training = false;
                return bn;
            },
            TestData.Matrix(4, 5, 5));
    }

    [Fact]
    public void BatchNorm1d_Training_NormalisesColumnsAndUpdatesRunningStats()
    {
        var bn = new BatchNorm1d(3);
        var x = TestData.Matrix(50, 3, 6, 3f);
        var y = bn.Forward(x);
        for (var j = 0; j < 3; j++)
        {
            var column = Enumerable.Range(0, 50).Select(i => (double)y[i, j]).ToArray();
            Assert.InRange(column.Average(), -1e-5, 1e-5);
            Assert.InRange(column.Select(v => v * v).Average(), 0.999, 1.0);
        }

        Assert.NotEqual(0f, bn.RunningMean.Data[0]);
    }

    [Fact]
    public void LayerNorm_Gradients_MatchFiniteDifferences() =>
        GradCheck.Module(() => WithAffine(new LayerNorm(6)), TestData.Matrix(3, 6, 7, 2f));

    [Fact]
    public void Dropout_Gradients_MatchFiniteDifferencesWithSameSeed() =>
        GradCheck.Module(() => new Dropout(0.3f, seed: 9), TestData.Matrix(5, 6, 8));

    [Fact]
    public void Dropout_SameSeed_SameMask_EvalIsIdentity()
    {
        var x = TestData.Matrix(10, 10, 9);
        Assert.Equal(new Dropout(0.5f, 3).Forward(x).Data, new Dropout(0.5f, 3).Forward(x).Data);
        var d = new Dropout(0.5f, 3) { Training = false };
        Assert.Equal(x.Data, d.Forward(x).Data);
    }

    [Fact]
    public void Residual_Gradients_MatchFiniteDifferences() =>
        GradCheck.Module(() => new Residual(new Sequential(new Linear(4, 4, new Random(2)), new Tanh())), TestData.Matrix(5, 4, 10));

    [Fact]
    public void ConcatResidual_Gradients_MatchFiniteDifferences() =>
        GradCheck.Module(() => new ConcatResidual(new Sequential(new Linear(4, 3, new Random(2)), new BatchNorm1d(3), new Tanh())), TestData.Matrix(6, 4, 11));

    [Fact]
    public void Embedding_Gradients_MatchFiniteDifferences() =>
        GradCheck.Module(() => new Embedding(5, 3, new Random(4)), new Tensor([0f, 3f, 3f, 1f, 4f], 5), checkInput: false);

    [Fact]
    public void Sequential_StateNames_AreIndexedAndLoadRoundTrips()
    {
        var net = new Sequential(new Linear(3, 4, new Random(1)), new BatchNorm1d(4), new ReLU(), new Linear(4, 2, new Random(2)));
        var names = net.State().Select(s => s.Name).ToArray();
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "3.weight", "3.bias"], names);
        var copy = new Sequential(new Linear(3, 4, new Random(7)), new BatchNorm1d(4), new ReLU(), new Linear(4, 2, new Random(8)));
        copy.LoadState(net.State().ToDictionary(s => s.Name, s => s.Tensor));
        var x = TestData.Matrix(4, 3, 3);
        Assert.Equal(net.Forward(x).Data, copy.Forward(x).Data);
    }

    private static T WithAffine<T>(T module)
        where T : Module
    {
        // Non-trivial γ/β so that their gradients are exercised.
        var rng = new Random(5);
        foreach (var p in module.Parameters())
        {
            for (var i = 0; i < p.Value.Length; i++)
            {
                p.Value.Data[i] += (float)(rng.NextDouble() - 0.5);
            }
        }

        return module;
    }
}
