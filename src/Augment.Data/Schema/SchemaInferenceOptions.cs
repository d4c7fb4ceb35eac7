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

    /// <summary>Gets the largest share of a column's present cells that may fail to read as numbers (or as dates) for the
    /// column still to be numeric (or a datetime), those cells read as missing. Default 0.05 (5 %); 0 = every cell must read.</summary>
    public double MaxInvalidShare { get; init; } = 0.05;

    /// <summary>Gets the most distinct values per present cell a text column with at least 20 present cells may have to be
    /// categorical; past it the values are mostly unique (names, comments, addresses) and the column is
    /// <see cref="ColumnKind.Text"/> however few rows there are. Default 0.5.</summary>
    public double MaxDistinctShare { get; init; } = 0.5;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(CategoricalColumns);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCategories, 1, nameof(MaxCategories));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxIntegerCodes, nameof(MaxIntegerCodes));
        if (MaxInvalidShare is < 0 or >= 0.5 || double.IsNaN(MaxInvalidShare))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxInvalidShare), MaxInvalidShare, "MaxInvalidShare must be at least 0 and below 0.5.");
        }

        if (MaxDistinctShare is <= 0 or > 1 || double.IsNaN(MaxDistinctShare))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDistinctShare), MaxDistinctShare, "MaxDistinctShare must be above 0 and at most 1.");
        }
    }
}
