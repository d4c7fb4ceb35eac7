namespace Augment.Tensors.Layers;

/// <summary>
/// Spectral normalisation (Miyato et al. 2018, PyTorch's <c>spectral_norm</c>) of a layer whose weight is a matrix
/// [out, rest] (a <see cref="Linear"/>'s [out, in], a <see cref="Conv2d"/>'s [out, in·k·k]): the wrapped layer runs with
/// W / σ, where σ = uᵀ W v estimates W's largest singular value. In training mode each forward pass first takes one power
/// iteration, v = Wᵀu / ‖Wᵀu‖, u = W v / ‖W v‖, on the persistent vectors u and v; in evaluation mode u and v stay as
/// they are. The backward pass treats u and v as constants (as PyTorch does): with G = ∂L/∂(W/σ),
/// ∂L/∂W = (G − ⟨G, W/σ⟩ u vᵀ) / σ. The trainable weight is <c>weight_orig</c>; u and v are state, saved and loaded.
/// </summary>
public sealed class SpectralNorm : Module
{
    private readonly Module inner;
    private readonly Parameter innerWeight;
    private readonly int rows;
    private readonly int cols;
    private float sigma = 1f;

    /// <summary>Wraps a layer; its current weight becomes the trainable <see cref="WeightOrig"/>.</summary>
    /// <param name="inner">The layer (its other parameters, such as the bias, stay trainable as they are).</param>
    /// <param name="weight">The layer's weight parameter, read as [shape[0], the rest].</param>
    /// <param name="random">Draws the initial u (normal, normalised).</param>
    /// <exception cref="ArgumentException">The weight is not one of the layer's parameters.</exception>
    public SpectralNorm(Module inner, Parameter weight, Random random)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(random);
        if (!inner.Parameters().Any(p => ReferenceEquals(p, weight)))
        {
            throw new ArgumentException("The weight must be a parameter of the wrapped layer.", nameof(weight));
        }

        this.inner = inner;
        innerWeight = weight;
        rows = weight.Value.Shape[0];
        cols = weight.Value.Length / rows;
        WeightOrig = new Parameter("weight_orig", weight.Value.Clone());
        U = new Tensor(rows);
        V = new Tensor(cols);
        for (var i = 0; i < rows; i++)
        {
            U.Data[i] = (float)((random.NextDouble() * 2) - 1);
        }

        Normalise(U.Data);
        MatTVec(WeightOrig.Value.Data, U.Data, V.Data);
        Normalise(V.Data);
    }

    /// <summary>Gets the trainable (unnormalised) weight.</summary>
    public Parameter WeightOrig { get; }

    /// <summary>Gets the left singular vector estimate (length out).</summary>
    public Tensor U { get; }

    /// <summary>Gets the right singular vector estimate (length of the rest).</summary>
    public Tensor V { get; }

    /// <summary>Gets σ = uᵀ W v of the last forward pass.</summary>
    public float Sigma => sigma;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var w = WeightOrig.Value.Data;
        if (Training)
        {
            MatTVec(w, U.Data, V.Data);
            Normalise(V.Data);
            MatVec(w, V.Data, U.Data);
            Normalise(U.Data);
        }

        var wv = new float[rows];
        MatVec(w, V.Data, wv);
        double s = 0;
        for (var i = 0; i < rows; i++)
        {
            s += (double)U.Data[i] * wv[i];
        }

        sigma = (float)Math.Max(s, 1e-12);
        var scaled = innerWeight.Value.Data;
        for (var i = 0; i < w.Length; i++)
        {
            scaled[i] = w[i] / sigma;
        }

        return inner.Forward(input);
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        innerWeight.Grad.Clear();
        var gradInput = inner.Backward(gradOutput);
        var g = innerWeight.Grad.Data;
        var scaled = innerWeight.Value.Data;
        double dot = 0;
        for (var i = 0; i < g.Length; i++)
        {
            dot += (double)g[i] * scaled[i];
        }

        var d = (float)dot;
        var target = WeightOrig.Grad.Data;
        for (var r = 0; r < rows; r++)
        {
            var ur = d * U.Data[r];
            for (var c = 0; c < cols; c++)
            {
                var k = (r * cols) + c;
                target[k] += (g[k] - (ur * V.Data[c])) / sigma;
            }
        }

        return gradInput;
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters(string prefix = "")
    {
        yield return (Join(prefix, "weight_orig"), WeightOrig);
        foreach (var (name, p) in inner.NamedParameters(prefix))
        {
            if (!ReferenceEquals(p, innerWeight))
            {
                yield return (name, p);
            }
        }
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> State(string prefix = "")
    {
        yield return (Join(prefix, "weight_orig"), WeightOrig.Value);
        yield return (Join(prefix, "weight_u"), U);
        yield return (Join(prefix, "weight_v"), V);
        foreach (var (name, tensor) in inner.State(prefix))
        {
            if (!ReferenceEquals(tensor, innerWeight.Value))
            {
                yield return (name, tensor);
            }
        }
    }

    private void MatVec(float[] w, float[] x, float[] y)
    {
        for (var r = 0; r < rows; r++)
        {
            y[r] = System.Numerics.Tensors.TensorPrimitives.Dot(w.AsSpan(r * cols, cols), x);
        }
    }

    private void MatTVec(float[] w, float[] x, float[] y)
    {
        Array.Clear(y);
        for (var r = 0; r < rows; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(w.AsSpan(r * cols, cols), x[r], y, y);
        }
    }

    private static void Normalise(float[] x)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(x);
        System.Numerics.Tensors.TensorPrimitives.Divide(x, Math.Max(norm, 1e-12f), x);
    }
}
