using Augment.Data;

namespace Augment.Synthesis.Mixture;

public sealed partial class LatentMixtureGenerator
{
    /// <summary>Fits the mixture: per class of the target (or once without one), EM for a latent-class model whose
    /// components are products of per-column code distributions.</summary>
    /// <param name="train">The training rows (at least one).</param>
    /// <param name="schema">Profiles of every column of <paramref name="train"/>.</param>
    /// <param name="training">Seed, target, iteration cap (<see cref="TrainingOptions.Epochs"/>), time budget and
    /// progress; <see cref="TrainingOptions.BatchSize"/> is not used (EM sees every row each iteration).</param>
    /// <param name="options">Model options; <see cref="MixtureOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The table is empty, a column is not in the schema, a value does not parse,
    /// or the target is not a column of the table.</exception>
    public static LatentMixtureGenerator Fit(DataTable train, DatasetSchema schema, TrainingOptions? training = null, MixtureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(schema);
        training ??= new TrainingOptions();
        options ??= MixtureOptions.Default;
        options.Validate();
        if (train.RowCount == 0 || train.Columns.Count == 0)
        {
            throw new ArgumentException("The training table has no rows or no columns.", nameof(train));
        }

        if (training.Epochs is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(training), training.Epochs, "Epochs (EM iterations) must be at least 1.");
        }

        var started = training.Time.GetTimestamp();
        var n = train.RowCount;
        var bins = Math.Clamp(n / 50, 2, options.MaxBins);
        var files = new List<MixtureColumnFile>(train.Columns.Count);
        for (var c = 0; c < train.Columns.Count; c++)
        {
            var profile = schema.Find(train.Columns[c]) ?? throw new ArgumentException($"Column '{train.Columns[c]}' is not in the schema.", nameof(schema));
            files.Add(MixtureColumn.Fit(profile, train.Column(c), bins));
        }

        var columns = files.Select(f => new MixtureColumn(f)).ToArray();
        var codes = columns.Select(c => c.Codes).ToArray();
        var offsets = new int[codes.Length];
        for (var d = 1; d < codes.Length; d++)
        {
            offsets[d] = offsets[d - 1] + codes[d - 1];
        }

        var slots = new int[n * columns.Length];
        for (var r = 0; r < n; r++)
        {
            for (var d = 0; d < columns.Length; d++)
            {
                slots[(r * columns.Length) + d] = offsets[d] + columns[d].Encode(train[r, d]);
            }
        }

        var target = training.Target is { } t ? train.IndexOf(t) : -1;
        if (training.Target is not null && (target < 0 || columns[target].IsNumeric))
        {
            throw new ArgumentException($"Target '{training.Target}' is not a categorical column of the table.", nameof(training));
        }

        var groups = target < 0
            ? [(Value: (string?)null, Rows: Enumerable.Range(0, n).ToArray())]
            : Enumerable.Range(0, n).GroupBy(r => train[r, target]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (Value: g.Key, Rows: g.ToArray())).ToArray();

        var maxIterations = training.Epochs ?? options.MaxIterations;
        var tracker = new ProgressTracker(training, maxIterations * groups.Length, started);
        var classes = new List<MixtureClassFile>();
        for (var g = 0; g < groups.Length; g++)
        {
            var (value, rows) = groups[g];
            var subset = new int[rows.Length * columns.Length];
            for (var i = 0; i < rows.Length; i++)
            {
                Array.Copy(slots, rows[i] * columns.Length, subset, i * columns.Length, columns.Length);
            }

            var k = Math.Clamp(rows.Length / options.RowsPerComponent, 1, Math.Min(options.MaxComponents, rows.Length));
            var em = new LatentClassEm(subset, rows.Length, codes, k, options.Smoothing);
            em.Initialise(new RandomSource(unchecked(((long)training.Seed << 20) + g)));
            var previous = double.NegativeInfinity;
            for (var it = 1; it <= maxIterations; it++)
            {
                var logLikelihood = em.Step();
                var stage = value is null ? $"mixture of {k} components" : $"class '{value}': {k} components";
                tracker.Report(-logLikelihood, stage);
                if (logLikelihood - previous < options.Tolerance)
                {
                    tracker.Converged();
                    break;
                }

                previous = logLikelihood;
                if (tracker.OverBudget)
                {
                    break;
                }
            }

            tracker.SkipTo(maxIterations * (g + 1));
            classes.Add(new MixtureClassFile(value, rows.Length / (double)n, em.Weights(), em.Probabilities(codes)));
        }

        var model = new MixtureModelFile(
            MixtureModelFile.FormatName,
            MixtureModelFile.CurrentVersion,
            n,
            training.Target,
            files,
            classes,
            tracker.Metrics());
        return new LatentMixtureGenerator(model);
    }
}
