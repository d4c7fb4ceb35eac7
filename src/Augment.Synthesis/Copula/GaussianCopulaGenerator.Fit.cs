using Augment.Data;

namespace Augment.Synthesis;

public sealed partial class GaussianCopulaGenerator
{
    /// <summary>Fits a Gaussian copula to a training table.</summary>
    /// <param name="train">The training rows (at least one).</param>
    /// <param name="schema">Profiles of (at least) every column of <paramref name="train"/>: the kind decides the
    /// marginal, the decimal places and datetime format how values are written.</param>
    /// <param name="options">Options; <see cref="GaussianCopulaOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The table is empty, a column is not in the schema, or a value does not
    /// parse as its schema kind says.</exception>
    public static GaussianCopulaGenerator Fit(DataTable train, DatasetSchema schema, GaussianCopulaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(schema);
        options ??= GaussianCopulaOptions.Default;
        options.Validate();
        if (train.RowCount == 0 || train.Columns.Count == 0)
        {
            throw new ArgumentException("The training table has no rows or no columns.", nameof(train));
        }

        var random = new RandomSource(options.Seed);
        var columns = new List<CopulaColumnFile>(train.Columns.Count);
        var scores = new List<double[]>();
        for (var c = 0; c < train.Columns.Count; c++)
        {
            var name = train.Columns[c];
            var profile = schema.Find(name) ?? throw new ArgumentException($"Column '{name}' is not in the schema.", nameof(schema));
            var cells = train.Column(c);
            if (profile.IsNumeric && cells.Any(v => v is not null))
            {
                var (file, columnScores) = NumericCodec.Fit(profile, cells, options.QuantileCount, random);
                columns.Add(file);
                scores.AddRange(columnScores);
            }
            else
            {
                var kind = profile.IsNumeric ? ColumnKind.Categorical : profile.Kind;
                var (file, columnScores) = CategoricalCodec.Fit(name, kind, cells, random);
                columns.Add(file);
                scores.Add(columnScores);
            }
        }

        var (correlation, shrinkage) = Correlation.ShrinkToPositiveDefinite(Correlation.Pearson([.. scores]));
        var model = new CopulaModelFile(
            CopulaModelFile.FormatName,
            CopulaModelFile.CurrentVersion,
            train.RowCount,
            shrinkage,
            columns,
            correlation);
        return new GaussianCopulaGenerator(model);
    }
}
