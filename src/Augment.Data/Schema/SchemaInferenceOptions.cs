namespace Augment.Data;

/// <summary>Options of <see cref="SchemaInference.Infer"/>.</summary>
public sealed class SchemaInferenceOptions
{
    /// <summary>Gets the default options.</summary>
    public static SchemaInferenceOptions Default { get; } = new();

    /// <summary>Gets columns that are categorical whatever they hold (e.g. the target). Default none.</summary>
    public IReadOnlyCollection<string> CategoricalColumns { get; init; } = [];

    /// <summary>Gets the most distinct values a text column may have to be categorical; past it, it is
    /// <see cref="ColumnKind.Text"/>. Default 100.</summary>
    public int MaxCategories { get; init; } = 100;

    /// <summary>Gets the most distinct values an integer column may have to be read as codes
    /// (<see cref="ColumnKind.Categorical"/>) rather than <see cref="ColumnKind.Integer"/>. Default 5.</summary>
    public int MaxIntegerCodes { get; init; } = 5;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(CategoricalColumns);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCategories, 1, nameof(MaxCategories));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxIntegerCodes, nameof(MaxIntegerCodes));
    }
}
