using Augment.Synthesis.Neural;
using Augment.Tensors.Layers;
using Tensor = Augment.Tensors.Tensor;

namespace Augment.Synthesis.Tests.Neural;

public class PacDiscriminatorTests
{
    [Fact]
    public void GradientPenalty_WeightGradients_MatchFiniteDifferences()
    {
        // No dropout so that repeated forwards see the same masks; pac 2, 4 rows of 3 values.
        var critic = new PacDiscriminator(3, 2, 5, 0f, new Random(1), 1);
        var x = Input(4, 3, 2);
        foreach (var p in critic.Parameters())
        {
            p.Grad.Clear();
        }

        critic.GradientPenalty(x, 10f);
        var parameters = critic.Parameters().ToArray();
        foreach (var p in parameters.Where(p => p.Value.Rows > 1 || p.Value.Rank == 2))
        {
            for (var i = 0; i < p.Value.Length; i++)
            {
                var saved = p.Value.Data[i];
                const float eps = 1e-3f;
                p.Value.Data[i] = saved + eps;
                var plus = Penalty(critic, x);
                p.Value.Data[i] = saved - eps;
                var minus = Penalty(critic, x);
                p.Value.Data[i] = saved;
                var numeric = (plus - minus) / (2 * eps);
                Assert.True(Math.Abs(numeric - p.Grad.Data[i]) <= 2e-2 * Math.Max(0.1, Math.Abs(numeric)), $"numeric {numeric}, analytic {p.Grad.Data[i]}");
            }
        }
    }

    [Fact]
    public void Backward_InputGradient_MatchesFiniteDifferences()
    {
        var critic = new PacDiscriminator(3, 2, 5, 0f, new Random(2), 1);
        var x = Input(4, 3, 3);
        critic.Forward(x);
        var g = critic.Backward(new Tensor([1f, -0.5f], 2, 1));
        for (var i = 0; i < x.Length; i++)
        {
            const float eps = 1e-3f;
            var plus = x.Clone();
            plus.Data[i] += eps;
            var minus = x.Clone();
            minus.Data[i] -= eps;
            var fp = critic.Forward(plus);
            var fm = critic.Forward(minus);
            var numeric = ((fp.Data[0] - fm.Data[0]) - (0.5 * (fp.Data[1] - fm.Data[1]))) / (2 * eps);
            Assert.True(Math.Abs(numeric - g.Data[i]) <= 2e-2 * Math.Max(0.1, Math.Abs(numeric)), $"d/dx[{i}]: numeric {numeric}, analytic {g.Data[i]}");
        }
    }

    private static double Penalty(PacDiscriminator critic, Tensor x)
    {
        var saved = critic.Parameters().Select(p => p.Grad.Clone()).ToArray();
        var value = critic.GradientPenalty(x, 10f);
        foreach (var (p, g) in critic.Parameters().Zip(saved))
        {
            g.Data.CopyTo(p.Grad.Data, 0);
        }

        return value;
    }

    private static Tensor Input(int rows, int cols, int seed)
    {
        var rng = new Random(seed);
        var t = new Tensor(rows, cols);
        for (var i = 0; i < t.Length; i++)
        {
            t.Data[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return t;
    }
}
