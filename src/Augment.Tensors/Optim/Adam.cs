using System.Numerics;
using Augment.Tensors.Layers;

namespace Augment.Tensors.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba) with bias correction. <see cref="Decoupled"/> = false adds the weight decay to the gradient
/// (PyTorch's <c>Adam</c>); true shrinks the weights directly (<c>AdamW</c>).
/// </summary>
public sealed class Adam
{
    private readonly Parameter[] parameters;
    private readonly float[][] m;
    private readonly float[][] v;

    /// <summary>Creates the optimiser.</summary>
    /// <param name="parameters">The parameters it updates.</param>
    /// <param name="learningRate">The step size (may be changed between steps, e.g. by a schedule).</param>
    /// <param name="beta1">The first-moment decay (0.9).</param>
    /// <param name="beta2">The second-moment decay (0.999).</param>
    /// <param name="eps">The denominator's ε (1e-8).</param>
    /// <param name="weightDecay">The weight decay (0).</param>
    /// <param name="decoupled">Whether the decay is decoupled (AdamW).</param>
    public Adam(IEnumerable<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 0f, bool decoupled = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        this.parameters = [.. parameters];
        m = [.. this.parameters.Select(p => new float[p.Value.Length])];
        v = [.. this.parameters.Select(p => new float[p.Value.Length])];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        Decoupled = decoupled;
    }

    /// <summary>Gets or sets the step size.</summary>
    public float LearningRate { get; set; }

    /// <summary>Gets the first-moment decay.</summary>
    public float Beta1 { get; }

    /// <summary>Gets the second-moment decay.</summary>
    public float Beta2 { get; }

    /// <summary>Gets ε.</summary>
    public float Eps { get; }

    /// <summary>Gets the weight decay.</summary>
    public float WeightDecay { get; }

    /// <summary>Gets whether the weight decay is decoupled (AdamW).</summary>
    public bool Decoupled { get; }

    /// <summary>Gets the number of steps taken.</summary>
    public int Steps { get; private set; }

    /// <summary>Updates every parameter from its gradient (the gradients are left as they are).</summary>
    public void Step()
    {
        Steps++;
        var c1 = 1f - MathF.Pow(Beta1, Steps);
        var c2 = 1f - MathF.Pow(Beta2, Steps);
        for (var k = 0; k < parameters.Length; k++)
        {
            Update(parameters[k].Value.Data, parameters[k].Grad.Data, m[k], v[k], c1, c2);
        }
    }

    /// <summary>
    /// One parameter's update, several values per instruction. Every value goes through the same operations in the same
    /// order as <see cref="UpdateScalar"/> (separate multiplies and adds, no fused multiply-add), so the vector and
    /// scalar forms give the same bits and training stays reproducible whatever the CPU's vector width.
    /// </summary>
    private void Update(float[] w, float[] g, float[] mk, float[] vk, float c1, float c2)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && w.Length >= Vector<float>.Count)
        {
            var lr = new Vector<float>(LearningRate);
            var b1 = new Vector<float>(Beta1);
            var b2 = new Vector<float>(Beta2);
            var oneMinusB1 = new Vector<float>(1f - Beta1);
            var oneMinusB2 = new Vector<float>(1f - Beta2);
            var vc1 = new Vector<float>(c1);
            var vc2 = new Vector<float>(c2);
            var eps = new Vector<float>(Eps);
            var decay = new Vector<float>(WeightDecay);
            var lrDecay = new Vector<float>(LearningRate * WeightDecay);
            for (; i <= w.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var wi = new Vector<float>(w, i);
                var gi = new Vector<float>(g, i);
                if (WeightDecay != 0f)
                {
                    if (Decoupled)
                    {
                        wi -= lrDecay * wi;
                    }
                    else
                    {
                        gi += decay * wi;
                    }
                }

                var mi = (b1 * new Vector<float>(mk, i)) + (oneMinusB1 * gi);
                var vi = (b2 * new Vector<float>(vk, i)) + (oneMinusB2 * gi * gi);
                mi.CopyTo(mk, i);
                vi.CopyTo(vk, i);
                (wi - (lr * (mi / vc1) / (Vector.SquareRoot(vi / vc2) + eps))).CopyTo(w, i);
            }
        }

        UpdateScalar(w, g, mk, vk, c1, c2, i);
    }

    private void UpdateScalar(float[] w, float[] g, float[] mk, float[] vk, float c1, float c2, int start)
    {
        var lr = LearningRate;
        for (var i = start; i < w.Length; i++)
        {
            var gi = g[i];
            if (WeightDecay != 0f)
            {
                if (Decoupled)
                {
                    w[i] -= lr * WeightDecay * w[i];
                }
                else
                {
                    gi += WeightDecay * w[i];
                }
            }

            mk[i] = (Beta1 * mk[i]) + ((1f - Beta1) * gi);
            vk[i] = (Beta2 * vk[i]) + ((1f - Beta2) * gi * gi);
            w[i] -= lr * (mk[i] / c1) / (MathF.Sqrt(vk[i] / c2) + Eps);
        }
    }

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var p in parameters)
        {
            p.Grad.Clear();
        }
    }
}
