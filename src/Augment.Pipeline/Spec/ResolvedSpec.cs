namespace Augment.Pipeline.Spec;

/// <summary>The settings a run actually used, after defaults were applied and every name was checked against the data.</summary>
/// <param name="Target">The class column, or null for unconditional sampling.</param>
/// <param name="Sensitive">Columns audited for group shares and base rates.</param>
/// <param name="Rows">The rows requested.</param>
/// <param name="Model">The generator kind.</param>
/// <param name="Seed">The seed used for split, training and sampling.</param>
/// <param name="HoldoutFraction">Share of real rows held out.</param>
/// <param name="ShardSize">Rows per sampling shard.</param>
/// <param name="Defaults">One sentence per setting that was not in augment.json, saying what was assumed.</param>
/// <param name="Epochs">The most epochs / EM iterations, or null for the model's default.</param>
/// <param name="BatchSize">The minibatch size, or null for the model's default.</param>
/// <param name="TimeBudgetSeconds">The training time budget in seconds, or null for none.</param>
public sealed partial record ResolvedSpec(
    string? Target,
    IReadOnlyList<string> Sensitive,
    RowsRequest Rows,
    string Model,
    int Seed,
    double HoldoutFraction,
    int ShardSize,
    IReadOnlyList<string> Defaults,
    int? Epochs = null,
    int? BatchSize = null,
    int? TimeBudgetSeconds = null);
