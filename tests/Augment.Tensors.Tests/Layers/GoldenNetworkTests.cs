using System.Text.Json;
using Augment.Tensors.Layers;
using Augment.Tensors.Losses;
using Augment.Tensors.Optim;

namespace Augment.Tensors.Tests.Layers;

/// <summary>Compares forward, backward and one Adam step with golden/small_net.json, written by golden/make_golden.py (NumPy, float64).</summary>
public class GoldenNetworkTests
{
    [Fact]
    public void SmallNetwork_ForwardBackwardAndAdamStep_MatchNumPyReference()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "golden", "small_net.json")));
        var root = doc.RootElement;
        var n = root.GetProperty("shapes").GetProperty("n").GetInt32();
        var widths = root.GetProperty("shapes").GetProperty("widths").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var rng = new Random(0);
        var net = new Sequential(
            new Linear(widths[0], widths[1], rng), new BatchNorm1d(widths[1]), new LeakyReLU(0.2f),
            new Linear(widths[1], widths[2], rng), new LayerNorm(widths[2]), new Tanh(), new Linear(widths[2], widths[3], rng));
        var shapes = net.State().ToDictionary(s => s.Name, s => s.Tensor.Shape.ToArray());
        net.LoadState(root.GetProperty("state").EnumerateObject().ToDictionary(p => p.Name, p => new Tensor(Floats(p.Value), shapes[p.Name])));

        var x = new Tensor(Floats(root.GetProperty("input")), n, widths[0]);
        var labels = root.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var output = net.Forward(x);
        var loss = Loss.CrossEntropyWithLogits(output, labels);
        net.ZeroGrad();
        var gradInput = net.Backward(loss.Gradient);

        Assert.Equal(root.GetProperty("loss").GetDouble(), loss.Value, 4);
        AssertAll(Floats(root.GetProperty("output")), output.Data, "output");
        AssertAll(Floats(root.GetProperty("grad_input")), gradInput.Data, "grad input");
        var parameters = net.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter);
        foreach (var g in root.GetProperty("grads").EnumerateObject())
        {
            AssertAll(Floats(g.Value), parameters[g.Name].Grad.Data, g.Name);
        }

        var bn = (BatchNorm1d)net.Modules[1];
        AssertAll(Floats(root.GetProperty("running_mean")), bn.RunningMean.Data, "running mean");
        AssertAll(Floats(root.GetProperty("running_var")), bn.RunningVar.Data, "running var");

        new Adam([parameters["0.weight"]], learningRate: 0.01f).Step();
        AssertAll(Floats(root.GetProperty("adam_0.weight")), parameters["0.weight"].Value.Data, "Adam step");
    }

    private static float[] Floats(JsonElement e) => [.. e.EnumerateArray().Select(v => (float)v.GetDouble())];

    private static void AssertAll(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 + (1e-4 * Math.Abs(expected[i])), $"{what}[{i}]: NumPy {expected[i]}, ours {actual[i]}");
        }
    }
}
