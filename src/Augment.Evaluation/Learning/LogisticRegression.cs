using System.Numerics.Tensors;

namespace Augment.Evaluation.Learning;

/// <summary>
/// L2-regularised logistic regression on a <see cref="DesignMatrix"/>, fitted by L-BFGS: minimises
/// mean_i wᵢ·logloss(i) + λ/2·‖β‖² (intercept not penalised; λ = 1/n matches scikit-learn's C = 1). Several classes
/// are fitted one-vs-rest and the probabilities normalised. Deterministic (no random start).
/// </summary>
internal sealed class LogisticRegression
{
    private readonly double[][] _coefficients; // per model: [intercept, β...]

    private LogisticRegression(int classes, double[][] coefficients)
    {
        Classes = classes;
        _coefficients = coefficients;
    }

    public int Classes { get; }

    public static LogisticRegression Fit(DesignMatrix x, int[] labels, int classes, double[]? weights = null, double? lambda = null, int maxIterations = 200)
    {
        var models = classes == 2 ? 1 : classes;
        var coefficients = new double[models][];
        var l2 = lambda ?? 1.0 / Math.Max(1, x.Rows);
        for (var m = 0; m < models; m++)
        {
            var positive = classes == 2 ? 1 : m;
            var y = labels.Select(l => l == positive ? 1.0 : 0.0).ToArray();
            coefficients[m] = FitBinary(x, y, weights, l2, maxIterations);
        }

        return new LogisticRegression(classes, coefficients);
    }

    /// <summary>Class probabilities, <c>[row * Classes + class]</c>.</summary>
    public double[] PredictProba(DesignMatrix x)
    {
        var result = new double[x.Rows * Classes];
        for (var i = 0; i < x.Rows; i++)
        {
            var row = x.Row(i);
            if (Classes == 2)
            {
                var p = Sigmoid(_coefficients[0][0] + TensorPrimitives.Dot(row, _coefficients[0].AsSpan(1)));
                result[2 * i] = 1 - p;
                result[(2 * i) + 1] = p;
                continue;
            }

            double sum = 0;
            for (var m = 0; m < Classes; m++)
            {
                var p = Sigmoid(_coefficients[m][0] + TensorPrimitives.Dot(row, _coefficients[m].AsSpan(1)));
                result[(i * Classes) + m] = p;
                sum += p;
            }

            for (var m = 0; m < Classes; m++)
            {
                result[(i * Classes) + m] /= sum;
            }
        }

        return result;
    }

    private static double[] FitBinary(DesignMatrix x, double[] y, double[]? weights, double lambda, int maxIterations)
    {
        var n = x.Rows;
        var p = x.Columns;
        var totalWeight = weights?.Sum() ?? n;
        var beta = new double[p + 1];
        var residual = new double[n];
        double Objective(double[] b, double[] grad)
        {
            double loss = 0;
            var w = b.AsSpan(1);
            for (var i = 0; i < n; i++)
            {
                var z = b[0] + TensorPrimitives.Dot(x.Row(i), w);
                var wi = weights?[i] ?? 1;
                // log(1 + e^z) − y·z, computed stably.
                loss += wi * ((z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - (y[i] * z));
                residual[i] = wi * (Sigmoid(z) - y[i]) / totalWeight;
            }

            Array.Clear(grad);
            var g = grad.AsSpan(1);
            for (var i = 0; i < n; i++)
            {
                grad[0] += residual[i];
                TensorPrimitives.MultiplyAdd(x.Row(i), residual[i], g, g);
            }

            double penalty = 0;
            for (var j = 1; j <= p; j++)
            {
                penalty += b[j] * b[j];
                grad[j] += lambda * b[j];
            }

            return (loss / totalWeight) + (0.5 * lambda * penalty);
        }

        Lbfgs.Minimize(Objective, beta, maxIterations, 1e-6);
        return beta;
    }

    public static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
