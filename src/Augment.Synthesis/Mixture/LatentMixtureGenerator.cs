using System.Text.Json;
using Augment.Data;

namespace Augment.Synthesis.Mixture;

/// <summary>
/// A large latent-class mixture: one mixture per class of the target, each component a product of per-column
/// distributions (category frequencies; fine value bins of numeric columns with a draw inside the bin through the
/// column's quantile function; missing as a code), fitted by EM with a seeded start and smoothed toward the marginals.
/// Sampling picks a (class, component) pair, then each column's code independently; conditioning on any categorical
/// column reweights the pairs by that category's probability. Fast to sample, no per-row components.
/// </summary>
public sealed partial class LatentMixtureGenerator : ITabularGenerator
{
    /// <summary>The model's name in specs and the catalog.</summary>
    public const string Kind = "latent-mixture";

    private readonly MixtureModelFile _model;
    private readonly MixtureColumn[] _columns;
    private readonly int _target;
    private readonly float[][][][] _cumulative; // [class][component][column][code]

    private LatentMixtureGenerator(MixtureModelFile model)
    {
        if (model.Format != MixtureModelFile.FormatName)
        {
            throw new InvalidDataException($"it is a '{model.Format}' file, not a '{MixtureModelFile.FormatName}' model");
        }

        if (model.Version != MixtureModelFile.CurrentVersion)
        {
            throw new InvalidDataException($"format version {model.Version} is not supported (this build reads version {MixtureModelFile.CurrentVersion})");
        }

        if (model.Columns is not { Count: > 0 } || model.Classes is not { Count: > 0 })
        {
            throw new InvalidDataException("it has no columns or no classes");
        }

        _model = model;
        _columns = [.. model.Columns.Select(f => new MixtureColumn(f))];
        if (_columns.Select(c => c.File.Name).Distinct(StringComparer.Ordinal).Count() != _columns.Length)
        {
            throw new InvalidDataException("two columns have the same name");
        }

        _target = model.Target is null ? -1 : Array.FindIndex(_columns, c => c.File.Name == model.Target);
        if (model.Target is not null && (_target < 0 || _columns[_target].IsNumeric))
        {
            throw new InvalidDataException($"its target '{model.Target}' is not a categorical column");
        }

        _cumulative = [.. model.Classes.Select(Validate)];
    }

    /// <inheritdoc/>
    public string ModelKind => Kind;

    /// <summary>Gets the column names, in the order of the training table and of sampled tables.</summary>
    public IReadOnlyList<string> Columns => [.. _columns.Select(c => c.File.Name)];

    /// <summary>Gets the number of mixture components over all classes.</summary>
    public int Components => _model.Classes.Sum(c => c.Weights.Length);

    /// <summary>Gets what training measured (iterations, final loss, seconds, why it stopped).</summary>
    public TrainingMetrics? Metrics => _model.Metrics;

    /// <summary>Loads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a valid model file of a supported version.</exception>
    public static LatentMixtureGenerator Load(Stream source)
        => ModelFileReader.Load(source, MixtureJsonContext.Default.MixtureModelFile, file => new LatentMixtureGenerator(file), "latent-mixture");

    /// <inheritdoc/>
    public void Save(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        JsonSerializer.Serialize(destination, _model, MixtureJsonContext.Default.MixtureModelFile);
    }

    /// <summary>Checks one class's mixture and returns its cumulative code distributions.</summary>
    private float[][][] Validate(MixtureClassFile cls)
    {
        if (cls.Weights is not { Length: > 0 } w || cls.Probabilities?.Length != w.Length
            || w.Any(v => !(v >= 0)) || Math.Abs(w.Sum() - 1) > 1e-6 || !(cls.Share is > 0 and <= 1))
        {
            throw new InvalidDataException("a class has inconsistent component weights");
        }

        if ((_target < 0) != (cls.Value is null) || (_target >= 0 && _columns[_target].Encode(cls.Value) < 0))
        {
            throw new InvalidDataException("a class does not match the target column");
        }

        var result = new float[w.Length][][];
        for (var k = 0; k < w.Length; k++)
        {
            var component = cls.Probabilities[k];
            if (component?.Length != _columns.Length)
            {
                throw new InvalidDataException("a component does not cover every column");
            }

            result[k] = new float[_columns.Length][];
            for (var d = 0; d < _columns.Length; d++)
            {
                var p = component[d];
                if (p?.Length != _columns[d].Codes || p.Any(v => !(v >= 0)) || Math.Abs(p.Sum() - 1) > 1e-3)
                {
                    throw new InvalidDataException($"a component's distribution of column '{_columns[d].File.Name}' is not a probability vector over its codes");
                }

                var cumulative = new float[p.Length];
                float acc = 0;
                for (var c = 0; c < p.Length; c++)
                {
                    cumulative[c] = acc += p[c];
                }

                cumulative[^1] = float.PositiveInfinity; // a uniform draw always lands inside
                result[k][d] = cumulative;
            }
        }

        return result;
    }
}
