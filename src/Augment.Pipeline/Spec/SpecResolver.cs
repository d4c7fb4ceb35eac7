using System.Globalization;
using Augment.Data;
using Augment.Synthesis;

namespace Augment.Pipeline.Spec;

/// <summary>Applies defaults to an <see cref="AugmentSpec"/> and validates it against the dataset's columns.</summary>
public static class SpecResolver
{
    /// <summary>The generator used when augment.json names none: <c>auto</c>, which picks by training rows and time
    /// budget (<see cref="GeneratorCatalog.Choose"/>: the latent mixture, or the copula when a budget is too short for it).</summary>
    public const string DefaultModel = GeneratorCatalog.Auto;

    /// <summary>The seed used when augment.json names none (a fixed value, so runs are reproducible by default).</summary>
    public const int DefaultSeed = 42;

    /// <summary>Generators this build can train, and <c>auto</c>.</summary>
    public static IReadOnlyList<string> KnownModels => GeneratorCatalog.Default.Names;

    /// <summary>Largest <c>epochs</c>.</summary>
    public const int MaxEpochs = 100_000;

    /// <summary>Largest <c>batchSize</c>.</summary>
    public const int MaxBatchSize = 1_000_000;

    /// <summary>Largest <c>timeBudgetSeconds</c> (a day).</summary>
    public const int MaxTimeBudgetSeconds = 86_400;

    /// <summary>Most classes a target may have.</summary>
    public const int MaxTargetClasses = 100;

    /// <summary>Most synthetic rows one run may add.</summary>
    public const int MaxRows = 5_000_000;

    // Column names that usually hold protected attributes; used only when augment.json names no sensitive columns.
    private static readonly HashSet<string> LikelySensitive = new(StringComparer.OrdinalIgnoreCase)
    {
        "sex", "gender", "race", "ethnicity", "age", "religion", "nationality", "native_country",
        "marital_status", "disability", "personal_status", "foreign_worker",
    };

    /// <summary>Resolves <paramref name="spec"/> (null = no augment.json) for a table with <paramref name="schema"/>.</summary>
    /// <param name="spec">The spec, or null.</param>
    /// <param name="schema">The dataset's schema.</param>
    /// <param name="rows">The dataset's rows, which <c>"model": "auto"</c> chooses by (with the holdout taken off);
    /// null leaves <c>auto</c> unresolved, for the Train activity to resolve on the training table.</param>
    /// <exception cref="SpecException">A named column does not exist, or a value is out of range.</exception>
    public static ResolvedSpec Resolve(AugmentSpec? spec, DatasetSchema schema, int? rows = null)
    {
        spec ??= new AugmentSpec();
        var defaults = new List<string>();
        var names = schema.Columns.Select(c => c.Name).ToList();

        var target = ResolveTarget(spec, schema, names, defaults);
        var sensitive = ResolveSensitive(spec, names, target, defaults);

        var seed = spec.Seed ?? DefaultSeed;
        if (spec.Seed is null)
        {
            defaults.Add($"seed: not given; used {DefaultSeed}.");
        }

        var holdout = spec.HoldoutFraction ?? 0.2;
        if (spec.HoldoutFraction is null)
        {
            defaults.Add("holdoutFraction: not given; held out 20% of the real rows for evaluation.");
        }
        else if (holdout is < 0.05 or > 0.5 || double.IsNaN(holdout))
        {
            throw new SpecException($"augment.json holdoutFraction {holdout.ToString(CultureInfo.InvariantCulture)} is out of range (0.05 to 0.5).");
        }

        var shardSize = spec.ShardSize ?? 2000;
        if (spec.ShardSize is null)
        {
            defaults.Add("shardSize: not given; sampled 2000 rows per parallel shard.");
        }
        else if (shardSize is < 100 or > 1_000_000)
        {
            throw new SpecException($"augment.json shardSize {shardSize} is out of range (100 to 1000000).");
        }

        var epochs = Ranged(spec.Epochs, "epochs", 1, MaxEpochs);
        var batchSize = Ranged(spec.BatchSize, "batchSize", 1, MaxBatchSize);
        var budget = Ranged(spec.TimeBudgetSeconds, "timeBudgetSeconds", 1, MaxTimeBudgetSeconds);
        if (spec.Epochs is null)
        {
            defaults.Add("epochs: not given; the model's default (latent-mixture: at most 60 EM iterations per class, stopping earlier when converged; tvae and ctgan: 100 epochs, more on small tables to make at least 1,000 steps).");
        }

        if (spec.BatchSize is null)
        {
            defaults.Add("batchSize: not given; the model's default (tvae and ctgan: 500; not used by the copula or the latent mixture).");
        }

        if (spec.TimeBudgetSeconds is null)
        {
            defaults.Add("timeBudgetSeconds: not given; no training time budget.");
        }

        var model = ResolveModel(spec, rows is { } n ? (int)Math.Round(n * (1 - holdout)) : null, budget, defaults);

        RowsRequest addRows;
        if (spec.Rows is { } requested)
        {
            if (requested.Balance && target is null)
            {
                throw new SpecException("augment.json asks to \"balance\" classes but names no target column; add \"target\" or give a row count.");
            }

            if (!requested.Balance && requested.Count > MaxRows)
            {
                throw new SpecException($"augment.json asks for {requested.Count} rows; at most {MaxRows} can be added in one run.");
            }

            addRows = requested;
        }
        else
        {
            addRows = RowsRequest.Auto;
            defaults.Add(target is null
                ? "rows: not given and no target; adding half as many rows as the real training set."
                : "rows: not given; balancing classes (or, when they are already balanced, adding half as many rows as the real training set).");
        }

        var quality = QualitySpecResolver.Resolve(spec, schema, defaults);
        return new ResolvedSpec(target, sensitive, addRows, model, seed, holdout, shardSize, defaults, epochs, batchSize, budget) { Quality = quality };
    }

    /// <summary>The model name; <c>auto</c> (given or by default) is resolved when the training rows are known.</summary>
    private static string ResolveModel(AugmentSpec spec, int? trainRows, int? budgetSeconds, List<string> defaults)
    {
        var model = spec.Model?.Trim().ToLowerInvariant() ?? DefaultModel;
        if (!GeneratorCatalog.Default.Contains(model))
        {
            throw new SpecException($"augment.json asks for model '{spec.Model}', which this build cannot train (available: {string.Join(", ", KnownModels)}).");
        }

        if (model == GeneratorCatalog.Auto && trainRows is { } n)
        {
            var (chosen, reason) = GeneratorCatalog.Default.Choose(n, budgetSeconds is { } b ? TimeSpan.FromSeconds(b) : null);
            defaults.Add(spec.Model is null
                ? $"model: not given; auto chose {chosen} for {reason}."
                : $"model: auto chose {chosen} for {reason}.");
            return chosen;
        }

        if (spec.Model is null)
        {
            defaults.Add($"model: not given; used {model}.");
        }

        return model;
    }

    private static int? Ranged(int? value, string name, int min, int max) =>
        value is { } v && (v < min || v > max)
            ? throw new SpecException($"augment.json {name} {v} is out of range ({min} to {max}).")
            : value;

    private static string? ResolveTarget(AugmentSpec spec, DatasetSchema schema, List<string> names, List<string> defaults)
    {
        if (spec.Target is { } named)
        {
            var column = schema.Columns.FirstOrDefault(c => c.Name == named)
                ?? throw new SpecException($"augment.json names target column '{named}', which is not in the dataset (columns: {Preview(names)}).");
            if (column.DistinctCount > MaxTargetClasses)
            {
                throw new SpecException($"target column '{named}' has {column.DistinctCount} distinct values; a target must be a class column with at most {MaxTargetClasses} classes.");
            }

            if (column.DistinctCount < 2)
            {
                throw new SpecException($"target column '{named}' has {column.DistinctCount} distinct value(s); a target needs at least two classes.");
            }

            return named;
        }

        // By convention the label is the last column; take it only when it looks like a class column.
        var last = schema.Columns[^1];
        if (last.Kind is ColumnKind.Categorical or ColumnKind.Boolean && last.DistinctCount is >= 2 and <= 20)
        {
            defaults.Add($"target: not given; assumed the last column '{last.Name}' ({last.DistinctCount} classes).");
            return last.Name;
        }

        defaults.Add("target: not given and the last column is not a class column; sampling without a target.");
        return null;
    }

    private static IReadOnlyList<string> ResolveSensitive(AugmentSpec spec, List<string> names, string? target, List<string> defaults)
    {
        if (spec.Sensitive is { } named)
        {
            foreach (var name in named)
            {
                if (!names.Contains(name))
                {
                    throw new SpecException($"augment.json names sensitive column '{name}', which is not in the dataset (columns: {Preview(names)}).");
                }
            }

            return named.Distinct().ToList();
        }

        var guessed = names.Where(n => n != target && LikelySensitive.Contains(n)).ToList();
        defaults.Add(guessed.Count == 0
            ? "sensitive: not given and no column name suggests one; no bias audit by group."
            : $"sensitive: not given; audited columns whose names suggest protected attributes ({string.Join(", ", guessed)}).");
        return guessed;
    }

    private static string Preview(List<string> names) =>
        names.Count <= 12 ? string.Join(", ", names) : string.Join(", ", names.Take(12)) + $", … ({names.Count} in all)";
}
