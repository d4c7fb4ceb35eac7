using Augment.Tensors;
using Augment.Tensors.Gemm;
using Augment.Tensors.Layers;
using Augment.Tensors.Ops;
using Tensor = Augment.Tensors.Tensor;

namespace Augment.Synthesis.Neural;

/// <summary>
/// CTGAN's PacGAN critic: <c>pac</c> rows are judged together (a B × w batch is read as B/pac × pac·w), through
/// Linear → LeakyReLU(0.2) → Dropout → Linear → LeakyReLU(0.2) → Dropout → Linear(1). Besides forward/backward it
/// computes the WGAN-GP penalty λ·mean((‖∇ₓD(x̂)‖ − 1)²) and its gradient with respect to the weights in closed
/// form: the critic is piecewise linear, so ∇ₓD = W₁ᵀ(M₁ ⊙ W₂ᵀ(M₂ ⊙ w₃)) with Mᵢ the slope-and-dropout masks,
/// which is linear in each weight matrix and is differentiated by hand (no double back-propagation needed).
/// </summary>
internal sealed class PacDiscriminator
{
    private const float Slope = 0.2f;
    private readonly Linear l1;
    private readonly Linear l2;
    private readonly Linear l3;
    private readonly float dropout;
    private readonly RandomSource random;
    private Tensor? packed;
    private Tensor? m1;
    private Tensor? h1;
    private Tensor? m2;
    private Tensor? h2;

    public PacDiscriminator(int width, int pac, int hidden, float dropout, Random init, long seed)
    {
        Pac = pac;
        Width = width;
        this.dropout = dropout;
        l1 = new Linear(width * pac, hidden, init);
        l2 = new Linear(hidden, hidden, init);
        l3 = new Linear(hidden, 1, init);
        random = new RandomSource(seed);
    }

    public int Pac { get; }

    public int Width { get; }

    public IEnumerable<Parameter> Parameters() => [.. l1.Parameters(), .. l2.Parameters(), .. l3.Parameters()];

    /// <summary>Scores a batch (rows a multiple of <see cref="Pac"/>): one score per pack.</summary>
    public Tensor Forward(Tensor x)
    {
        if (x.Rows % Pac != 0 || x.Columns != Width)
        {
            throw new ArgumentException($"The critic needs a multiple of {Pac} rows of {Width} values, got {x.Rows} × {x.Columns}.");
        }

        packed = x.Reshape(x.Rows / Pac, Width * Pac);
        (h1, m1) = Layer(Affine(packed, l1));
        (h2, m2) = Layer(Affine(h1, l2));
        return Affine(h2, l3);
    }

    /// <summary>Back-propagates ∂L/∂score (packs × 1), accumulating weight gradients; returns ∂L/∂x (rows × width).</summary>
    public Tensor Backward(Tensor gradScore)
    {
        var dh2 = BackAffine(gradScore, h2!, l3);
        var dh1 = BackAffine(Mask(dh2, m2!), h1!, l2);
        var dx = BackAffine(Mask(dh1, m1!), packed!, l1);
        return dx.Reshape(packed!.Rows * Pac, Width);
    }

    /// <summary>Adds the gradient of λ·mean over packs of (‖∇ₓD(x̂)‖ − 1)² to the weights; returns the penalty.</summary>
    public double GradientPenalty(Tensor interpolated, float lambda)
    {
        Forward(interpolated);
        var p = packed!.Rows;
        var hidden = l2.Outputs;
        var w1 = l1.Weight.Value;
        var w2 = l2.Weight.Value;
        var w3 = l3.Weight.Value.Data;

        // U₂ = M₂ ⊙ w₃, V₂ = U₂W₂, U₁ = M₁ ⊙ V₂, G = U₁W₁ (row p: ∇ of pack p's score w.r.t. its input).
        var u2 = new Tensor(p, hidden);
        for (var i = 0; i < p; i++)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(m2!.Row(i), w3, u2.Row(i));
        }

        var v2 = new Tensor(p, hidden);
        Blas.Gemm(u2, false, w2, false, v2);
        var u1 = Mask(v2, m1!);
        var g = new Tensor(p, w1.Columns);
        Blas.Gemm(u1, false, w1, false, g);

        double penalty = 0;
        var dg = new Tensor(p, w1.Columns);
        for (var i = 0; i < p; i++)
        {
            var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(g.Row(i)));
            penalty += (norm - 1) * (norm - 1);
            var scale = norm > 0 ? lambda * 2 * (norm - 1) / norm / p : 0f;
            System.Numerics.Tensors.TensorPrimitives.Multiply(g.Row(i), scale, dg.Row(i));
        }

        Blas.Gemm(u1, true, dg, false, l1.Weight.Grad, beta: 1f);
        var du1 = new Tensor(p, hidden);
        Blas.Gemm(dg, false, w1, true, du1);
        var dv2 = Mask(du1, m1!);
        Blas.Gemm(u2, true, dv2, false, l2.Weight.Grad, beta: 1f);
        var du2 = new Tensor(p, hidden);
        Blas.Gemm(dv2, false, w2, true, du2);
        var dw3 = l3.Weight.Grad.Data;
        for (var i = 0; i < p; i++)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(m2!.Row(i), du2.Row(i), dw3, dw3);
        }

        return lambda * penalty / p;
    }

    /// <summary>The state tensors (for tests).</summary>
    public IEnumerable<(string Name, Tensor Tensor)> State() => [.. l1.State("l1"), .. l2.State("l2"), .. l3.State("l3")];

    private static Tensor Affine(Tensor x, Linear layer)
    {
        var y = new Tensor(x.Rows, layer.Outputs);
        Blas.Gemm(x, false, layer.Weight.Value, true, y);
        RowOps.AddToRows(y, layer.Bias.Value.Data);
        return y;
    }

    private static Tensor BackAffine(Tensor gy, Tensor x, Linear layer)
    {
        Blas.Gemm(gy, true, x, false, layer.Weight.Grad, beta: 1f);
        RowOps.AccumulateColumnSums(gy, layer.Bias.Grad.Data);
        var gx = new Tensor(x.Rows, layer.Inputs);
        Blas.Gemm(gy, false, layer.Weight.Value, false, gx);
        return gx;
    }

    private static Tensor Mask(Tensor x, Tensor mask)
    {
        var y = new Tensor(x.Rows, x.Columns);
        System.Numerics.Tensors.TensorPrimitives.Multiply(x.Data, mask.Data, y.Data);
        return y;
    }

    /// <summary>LeakyReLU then dropout; the mask holds slope × keep-scale, so h = a ⊙ mask.</summary>
    private (Tensor H, Tensor Mask) Layer(Tensor a)
    {
        var keep = dropout > 0 ? 1f / (1f - dropout) : 1f;
        var mask = new Tensor(a.Rows, a.Columns);
        var h = new Tensor(a.Rows, a.Columns);
        for (var i = 0; i < a.Length; i++)
        {
            var kept = dropout <= 0 || random.NextOpenUnit() >= dropout;
            var m = kept ? (a.Data[i] > 0 ? keep : Slope * keep) : 0f;
            mask.Data[i] = m;
            h.Data[i] = a.Data[i] * m;
        }

        return (h, mask);
    }
}
