using System.Collections.Concurrent;
using System.Text.Json;

namespace Augment.Synthesis;

/// <summary>
/// A Gaussian copula: each column is mapped to standard normal scores through its empirical marginal, the
/// scores' correlation is estimated, and sampling draws correlated normals and maps them back. Conditional
/// sampling on a class of a categorical column draws that column's score from the normal truncated to the class
/// interval and the other scores from the conditional Gaussian, so the class-conditional structure is kept.
/// </summary>
public sealed partial class GaussianCopulaGenerator : ITabularGenerator
{
    private readonly CopulaModelFile _model;
    private readonly ColumnCodec[] _codecs;
    private readonly int[] _offsets;
    private readonly int _dimensions;
    private readonly double[][] _factor;
    private readonly ConcurrentDictionary<int, Lazy<(double[] Coefficients, double[][] Factor)>> _conditionals = new();

    private GaussianCopulaGenerator(CopulaModelFile model)
    {
        if (model.Format != CopulaModelFile.FormatName)
        {
            throw new InvalidDataException($"it is a '{model.Format}' file, not a '{CopulaModelFile.FormatName}' model");
        }

        if (model.Version != CopulaModelFile.CurrentVersion)
        {
            throw new InvalidDataException($"format version {model.Version} is not supported (this build reads version {CopulaModelFile.CurrentVersion})");
        }

        if (model.Columns is not { Count: > 0 })
        {
            throw new InvalidDataException("it has no columns");
        }

        _model = model;
        _codecs = [.. model.Columns.Select(ColumnCodec.FromFile)];
        if (_codecs.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != _codecs.Length)
        {
            throw new InvalidDataException("two columns have the same name");
        }

        _offsets = new int[_codecs.Length];
        for (var c = 0; c < _codecs.Length; c++)
        {
            _offsets[c] = _dimensions;
            _dimensions += _codecs[c].Dimensions;
        }

        ValidateCorrelation(model.Correlation, _dimensions);
        _factor = Correlation.TryCholesky(model.Correlation)
            ?? throw new InvalidDataException("its correlation matrix is not positive definite");
    }

    /// <inheritdoc/>
    public string ModelKind => "gaussian-copula";

    /// <summary>Gets the column names, in the order of the training table and of sampled tables.</summary>
    public IReadOnlyList<string> Columns => [.. _codecs.Select(c => c.Name)];

    /// <summary>Gets the number of normal-score dimensions (one per column, plus one per numeric column with missing values).</summary>
    public int Dimensions => _dimensions;

    /// <summary>Gets the shrinkage λ toward the identity that made the score correlation positive definite.</summary>
    public double Shrinkage => _model.Shrinkage;

    /// <summary>Loads a model written by <see cref="Save"/>.</summary>
    /// <param name="source">The model file; left open.</param>
    /// <exception cref="InvalidDataException">The stream is not a valid model file of a supported version.</exception>
    public static GaussianCopulaGenerator Load(Stream source)
        => ModelFileReader.Load(source, SynthesisJsonContext.Default.CopulaModelFile, file => new GaussianCopulaGenerator(file), "Gaussian copula");

    /// <inheritdoc/>
    public void Save(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        JsonSerializer.Serialize(destination, _model, SynthesisJsonContext.Default.CopulaModelFile);
    }

    private static void ValidateCorrelation(double[][]? r, int d)
    {
        if (r is null || r.Length != d || r.Any(row => row is null || row.Length != d))
        {
            throw new InvalidDataException($"its correlation matrix is not {d} x {d}");
        }

        for (var i = 0; i < d; i++)
        {
            if (r[i][i] != 1)
            {
                throw new InvalidDataException("its correlation matrix does not have a unit diagonal");
            }

            for (var j = 0; j < i; j++)
            {
                if (!double.IsFinite(r[i][j]) || Math.Abs(r[i][j]) > 1 || r[i][j] != r[j][i])
                {
                    throw new InvalidDataException("its correlation matrix is not symmetric with entries in [-1, 1]");
                }
            }
        }
    }
}
