namespace Augment.Data;

/// <summary>The kind of values a column holds, as <see cref="SchemaInference"/> decides it.</summary>
public enum ColumnKind
{
    /// <summary>Real numbers (some value has a decimal point or an exponent).</summary>
    Continuous,

    /// <summary>Whole numbers with more distinct values than an integer code column has.</summary>
#pragma warning disable CA1720 // The name is the public contract the pipeline codes against.
    Integer,
#pragma warning restore CA1720

    /// <summary>A small set of labels (text, or integer codes with few distinct values).</summary>
    Categorical,

    /// <summary>Two values of one boolean pair: true/false, yes/no, y/n, t/f (any case) or 0/1.</summary>
    Boolean,

    /// <summary>Dates or date-times that all parse with one of the known formats.</summary>
    Datetime,

    /// <summary>Text with too many distinct values to be categories (free text, identifiers).</summary>
    Text,
}
