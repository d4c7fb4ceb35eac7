using System.Globalization;

namespace Augment.Evaluation.Learning;

/// <summary>
/// Settings of the LightGBM classifiers (LightGBM's defaults where not stated). The run is pinned so that the same input
/// and seed give the same model on any machine: <c>num_threads</c> fixed (1 by default: the callers run independent fits
/// in parallel instead), <c>deterministic=true</c> and <c>force_col_wise=true</c> (LightGBM's own recipe for stable
/// results), every random stream derived from <see cref="Seed"/>.
/// </summary>
internal sealed record LightGbmOptions
{
    /// <summary>Boosting rounds at most (300).</summary>
    public int MaxRounds { get; init; } = 300;

    /// <summary>Shrinkage of each tree (0.1).</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Leaves per tree at most (31).</summary>
    public int MaxLeaves { get; init; } = 31;

    /// <summary>Rows per leaf at least (20).</summary>
    public int MinLeafRows { get; init; } = 20;

    /// <summary>L2 penalty on leaf values (1).</summary>
    public double Lambda { get; init; } = 1;

    /// <summary>Histogram bins per feature at most (255).</summary>
    public int MaxBins { get; init; } = 255;

    /// <summary>Share of rows each round is fitted on (1: all; below 1 the seed decides which).</summary>
    public double BaggingFraction { get; init; } = 1;

    /// <summary>Whether to stop early on the validation set and keep the best round (true); false trains exactly <see cref="MaxRounds"/>.</summary>
    public bool EarlyStopping { get; init; } = true;

    /// <summary>Stop when the validation log-loss has not improved for this many rounds (20).</summary>
    public int EarlyStoppingRounds { get; init; } = 20;

    /// <summary>LightGBM's <c>seed</c> (0).</summary>
    public int Seed { get; init; }

    /// <summary>LightGBM's <c>num_threads</c> (1).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>The dataset parameters (also passed to the booster, as LightGBM wants).</summary>
    internal string DatasetParameters(int firstCategorical, int categoricals)
    {
        var categorical = categoricals == 0 ? "" : " categorical_feature=" + string.Join(',', Enumerable.Range(firstCategorical, categoricals));
        return string.Create(CultureInfo.InvariantCulture,
            $"max_bin={MaxBins} num_threads={Threads} deterministic=true force_col_wise=true seed={Seed} verbosity=-1{categorical}");
    }

    /// <summary>The booster parameters for <paramref name="classes"/> classes.</summary>
    internal string BoosterParameters(int classes, int firstCategorical, int categoricals)
    {
        var objective = classes == 2 ? "objective=binary metric=binary_logloss" : $"objective=multiclass num_class={classes} metric=multi_logloss";
        var bagging = BaggingFraction < 1 ? string.Create(CultureInfo.InvariantCulture, $" bagging_fraction={BaggingFraction} bagging_freq=1") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{objective} learning_rate={LearningRate} num_leaves={MaxLeaves} min_data_in_leaf={MinLeafRows} lambda_l2={Lambda}{bagging} {DatasetParameters(firstCategorical, categoricals)}");
    }
}
