using System.Numerics.Tensors;

namespace Augment.Tensors.Losses;

/// <summary>Losses averaged over the rows of a batch, each with its gradient.</summary>
public static class Loss
{
    private const float HalfLog2Pi = 0.9189385332046727f;

    /// <summary>Mean squared error over every value: mean((p − t)²).</summary>
    /// <param name="prediction">The predictions.</param>
    /// <param name="target">The targets, same shape.</param>
    public static LossResult Mse(Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        Tensor.SameShape(prediction, target, "MSE");
        var grad = new Tensor([.. prediction.Shape]);
        TensorPrimitives.Subtract(prediction.Data, target.Data, grad.Data);
        var value = TensorPrimitives.SumOfSquares(grad.Data) / prediction.Length;
        TensorPrimitives.Multiply(grad.Data, 2f / prediction.Length, grad.Data);
        return new LossResult(value, grad);
    }

    /// <summary>Softmax cross-entropy with integer labels, averaged over rows.</summary>
    /// <param name="logits">The logits (rows × classes).</param>
    /// <param name="labels">The class of each row.</param>
    /// <exception cref="ArgumentException">The label count differs from the rows or a label is out of range.</exception>
    public static LossResult CrossEntropyWithLogits(Tensor logits, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (labels.Length != logits.Rows)
        {
            throw new ArgumentException($"{labels.Length} labels for {logits.Rows} rows.", nameof(labels));
        }

        var grad = new Tensor(logits.Rows, logits.Columns);
        double total = 0;
        for (var i = 0; i < logits.Rows; i++)
        {
            if ((uint)labels[i] >= (uint)logits.Columns)
            {
                throw new ArgumentException($"Label {labels[i]} is outside [0, {logits.Columns}).", nameof(labels));
            }

            var row = logits.Row(i);
            var g = grad.Row(i);
            Augment.Tensors.Ops.Softmax.Compute(row, g);
            total -= Math.Log(Math.Max(g[labels[i]], 1e-30f));
            g[labels[i]] -= 1f;
            TensorPrimitives.Divide(g, logits.Rows, g);
        }

        return new LossResult((float)(total / logits.Rows), grad);
    }

    /// <summary>
    /// Gaussian negative log-likelihood Σⱼ [½((t − μ)/σ)² + log σ + ½log 2π] per row, averaged over rows, with
    /// σ = exp(logσ). The result's gradient is ∂/∂μ; <paramref name="gradLogSigma"/> receives ∂/∂logσ.
    /// </summary>
    /// <param name="mean">The predicted means μ.</param>
    /// <param name="logSigma">The log standard deviations, same shape.</param>
    /// <param name="target">The observed values, same shape.</param>
    /// <param name="gradLogSigma">Receives ∂loss/∂logσ, same shape.</param>
    public static LossResult GaussianNll(Tensor mean, Tensor logSigma, Tensor target, Tensor gradLogSigma)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(logSigma);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(gradLogSigma);
        Tensor.SameShape(mean, target, "Gaussian NLL");
        Tensor.SameShape(mean, logSigma, "Gaussian NLL");
        Tensor.SameShape(mean, gradLogSigma, "Gaussian NLL");
        var n = mean.Rows;
        var grad = new Tensor([.. mean.Shape]);
        double total = 0;
        for (var i = 0; i < mean.Length; i++)
        {
            var inv = MathF.Exp(-logSigma.Data[i]);
            var z = (target.Data[i] - mean.Data[i]) * inv;
            total += (0.5 * z * z) + logSigma.Data[i] + HalfLog2Pi;
            grad.Data[i] = -z * inv / n;
            gradLogSigma.Data[i] = (1f - (z * z)) / n;
        }

        return new LossResult((float)(total / n), grad);
    }

    /// <summary>
    /// KL(N(μ, σ²) ‖ N(0, 1)) = −½Σⱼ(1 + log σ² − μ² − σ²) per row, averaged over rows. The result's gradient is
    /// ∂/∂μ; <paramref name="gradLogVar"/> receives ∂/∂log σ².
    /// </summary>
    /// <param name="mu">The means.</param>
    /// <param name="logVar">The log variances, same shape.</param>
    /// <param name="gradLogVar">Receives ∂loss/∂log σ², same shape.</param>
    public static LossResult KlStandardNormal(Tensor mu, Tensor logVar, Tensor gradLogVar)
    {
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentNullException.ThrowIfNull(logVar);
        ArgumentNullException.ThrowIfNull(gradLogVar);
        Tensor.SameShape(mu, logVar, "KL");
        Tensor.SameShape(mu, gradLogVar, "KL");
        var n = mu.Rows;
        var grad = new Tensor([.. mu.Shape]);
        double total = 0;
        for (var i = 0; i < mu.Length; i++)
        {
            var m = mu.Data[i];
            var e = MathF.Exp(logVar.Data[i]);
            total += -0.5 * (1 + logVar.Data[i] - (m * m) - e);
            grad.Data[i] = m / n;
            gradLogVar.Data[i] = 0.5f * (e - 1f) / n;
        }

        return new LossResult((float)(total / n), grad);
    }
}
