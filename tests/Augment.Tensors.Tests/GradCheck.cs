using Augment.Tensors.Layers;

namespace Augment.Tensors.Tests;

/// <summary>
/// Central finite differences of L = Σ output ⊙ R (R fixed, random) against a module's backward pass, for the
/// input and every parameter. Float32 forward passes, so eps is 1e-2-ish and the tolerance is relative.
/// </summary>
internal static class GradCheck
{
    public static void Module(Func<Module> create, Tensor input, int seed = 11, float eps = 2e-3f, double tol = 2e-2, bool checkInput = true)
    {
        var module = create();
        var output = module.Forward(input.Clone());
        var r = TestData.Matrix(output.Rows, output.Columns, seed).Reshape([.. output.Shape]);
        module.ZeroGrad();
        var gradInput = module.Backward(r);

        double Loss(Tensor x)
        {
            var m = create();
            m.LoadState(module.State().ToDictionary(s => s.Name, s => s.Tensor.Clone()));
            var y = m.Forward(x);
            double sum = 0;
            for (var i = 0; i < y.Length; i++)
            {
                sum += (double)y.Data[i] * r.Data[i];
            }

            return sum;
        }

        if (checkInput)
        {
            for (var i = 0; i < input.Length; i++)
            {
                var plus = input.Clone();
                plus.Data[i] += eps;
                var minus = input.Clone();
                minus.Data[i] -= eps;
                var numeric = (Loss(plus) - Loss(minus)) / (2 * eps);
                AssertClose(numeric, gradInput.Data[i], tol, $"d/dinput[{i}]");
            }
        }

        foreach (var (name, p) in module.NamedParameters())
        {
            var saved = p.Value.Clone();
            for (var i = 0; i < p.Value.Length; i++)
            {
                // Perturb this module's state, then let Loss copy it into a fresh module.
                p.Value.Data[i] = saved.Data[i] + eps;
                var lp = Loss(input.Clone());
                p.Value.Data[i] = saved.Data[i] - eps;
                var lm = Loss(input.Clone());
                p.Value.Data[i] = saved.Data[i];
                AssertClose((lp - lm) / (2 * eps), p.Grad.Data[i], tol, $"d/d{name}[{i}]");
            }
        }
    }

    public static void Function(Func<Tensor, double> loss, Tensor x, Tensor analytic, float eps = 2e-3f, double tol = 2e-2)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var plus = x.Clone();
            plus.Data[i] += eps;
            var minus = x.Clone();
            minus.Data[i] -= eps;
            AssertClose((loss(plus) - loss(minus)) / (2 * eps), analytic.Data[i], tol, $"d/dx[{i}]");
        }
    }

    public static void AssertClose(double expected, double actual, double tol, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tol * Math.Max(0.1, Math.Abs(expected)), $"{what}: numeric {expected:G6}, analytic {actual:G6}");

    /// <summary>Values away from 0 so that kinks (ReLU) are not straddled by ±eps.</summary>
    public static Tensor AwayFromZero(int rows, int cols, int seed)
    {
        var t = TestData.Matrix(rows, cols, seed, 2f);
        for (var i = 0; i < t.Length; i++)
        {
            t.Data[i] = t.Data[i] >= 0 ? t.Data[i] + 0.1f : t.Data[i] - 0.1f;
        }

        return t;
    }
}
