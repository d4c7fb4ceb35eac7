using Augment.Evaluation.Internal;
using static Augment.Evaluation.Learning.LightGbmNative;

namespace Augment.Evaluation.Learning;

/// <summary>
/// LightGBM gradient-boosted trees for classification (binary log-loss, or softmax for more classes), with per-row
/// weights and early stopping on a (weighted) validation log-loss, the best round kept. Features: the numeric columns
/// as numbers (NaN = missing) and the categorical columns as native LightGBM categoricals (their codes; an unseen
/// category, code −1, is missing). Deterministic for a given input and <see cref="LightGbmOptions.Seed"/> (see
/// <see cref="LightGbmOptions"/>).
/// </summary>
internal sealed class LightGbmClassifier : IDisposable
{
    private readonly BoosterHandle _booster;
    private readonly int _columns;

    private LightGbmClassifier(BoosterHandle booster, int classes, int rounds, int columns)
    {
        _booster = booster;
        Classes = classes;
        Rounds = rounds;
        _columns = columns;
    }

    public int Classes { get; }

    /// <summary>Rounds kept (the best validation round when stopping early).</summary>
    public int Rounds { get; }

    /// <summary>Fits on <paramref name="train"/>, stopping early on <paramref name="validation"/> when given and enabled.</summary>
    /// <exception cref="InvalidOperationException">LightGBM refused the data or parameters.</exception>
    public static LightGbmClassifier Fit(EncodedTable train, int[] labels, double[]? weights, int classes, LightGbmOptions? options = null,
        EncodedTable? validation = null, int[]? validationLabels = null, double[]? validationWeights = null)
    {
        options ??= new LightGbmOptions();
        var numeric = train.Numeric.Length;
        var categoricals = train.Codes.Length;
        using var data = Dataset(train, labels, weights, options.DatasetParameters(numeric, categoricals), null);
        Check(BoosterCreate(data, options.BoosterParameters(classes, numeric, categoricals), out var booster));
        try
        {
            var stopEarly = options.EarlyStopping && validation is { Rows: > 0 } && validationLabels is not null;
            using var valid = stopEarly ? Dataset(validation!, validationLabels!, validationWeights, options.DatasetParameters(numeric, categoricals), data) : null;
            if (valid is not null)
            {
                Check(BoosterAddValidData(booster, valid));
            }

            var best = double.PositiveInfinity;
            var bestRound = 0;
            var round = 0;
            while (round < options.MaxRounds)
            {
                Check(BoosterUpdateOneIter(booster, out var finished));
                round++;
                if (finished != 0)
                {
                    break;
                }

                if (valid is null)
                {
                    continue;
                }

                var loss = ValidationLoss(booster);
                if (loss < best)
                {
                    best = loss;
                    bestRound = round;
                }
                else if (round - bestRound >= options.EarlyStoppingRounds)
                {
                    break;
                }
            }

            return new LightGbmClassifier(booster, classes, valid is null ? round : Math.Max(1, bestRound), numeric + categoricals);
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <summary>Class probabilities, row-major (<c>rows × Classes</c>).</summary>
    public unsafe double[] PredictProba(EncodedTable table)
    {
        var proba = new double[table.Rows * Classes];
        if (table.Rows == 0)
        {
            return proba;
        }

        var matrix = Matrix(table);
        var outputs = Classes == 2 ? table.Rows : table.Rows * Classes;
        var raw = Classes == 2 ? new double[outputs] : proba;
        fixed (double* x = matrix)
        fixed (double* result = raw)
        {
            Check(BoosterPredictForMat(_booster, x, Float64, table.Rows, _columns, 1, PredictNormal, 0, Rounds, "num_threads=1", out _, result));
        }

        if (Classes == 2)
        {
            for (var i = 0; i < table.Rows; i++)
            {
                proba[2 * i] = 1 - raw[i];
                proba[(2 * i) + 1] = raw[i];
            }
        }

        return proba;
    }

    public void Dispose() => _booster.Dispose();

    private static unsafe double ValidationLoss(BoosterHandle booster)
    {
        double loss;
        Check(BoosterGetEval(booster, 1, out _, &loss));
        return loss;
    }

    private static unsafe DatasetHandle Dataset(EncodedTable table, int[] labels, double[]? weights, string parameters, DatasetHandle? reference)
    {
        var matrix = Matrix(table);
        var columns = table.Numeric.Length + table.Codes.Length;
        DatasetHandle handle;
        fixed (double* x = matrix)
        {
            // The reference (the training set, for its bin boundaries) outlives this call: the caller holds it.
            Check(DatasetCreateFromMat(x, Float64, table.Rows, columns, 1, parameters, reference?.DangerousGetHandle() ?? IntPtr.Zero, out handle));
        }

        var label = labels.Select(l => (float)l).ToArray();
        fixed (float* y = label)
        {
            Check(DatasetSetField(handle, "label", y, label.Length, Float32));
        }

        if (weights is not null)
        {
            var w = weights.Select(v => (float)v).ToArray();
            fixed (float* p = w)
            {
                Check(DatasetSetField(handle, "weight", p, w.Length, Float32));
            }
        }

        return handle;
    }

    /// <summary>Row-major features: numbers, then category codes (−1, unseen, as missing).</summary>
    private static double[] Matrix(EncodedTable table)
    {
        var columns = table.Numeric.Length + table.Codes.Length;
        var matrix = new double[table.Rows * columns];
        for (var d = 0; d < table.Numeric.Length; d++)
        {
            var column = table.Numeric[d];
            for (var i = 0; i < table.Rows; i++)
            {
                matrix[(i * columns) + d] = column[i];
            }
        }

        for (var d = 0; d < table.Codes.Length; d++)
        {
            var column = table.Codes[d];
            var at = table.Numeric.Length + d;
            for (var i = 0; i < table.Rows; i++)
            {
                matrix[(i * columns) + at] = column[i] < 0 ? double.NaN : column[i];
            }
        }

        return matrix;
    }
}
