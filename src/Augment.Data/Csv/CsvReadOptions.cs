namespace Augment.Data;

/// <summary>Limits that protect <see cref="CsvTable.ReadAsync"/> from hostile or accidental huge input.</summary>
public sealed class CsvReadOptions
{
    /// <summary>Gets the default options.</summary>
    public static CsvReadOptions Default { get; } = new();

    /// <summary>Gets the longest cell, in characters, that is accepted. Default 1 MiB (1,048,576).</summary>
    public int MaxCellLength { get; init; } = 1 << 20;

    /// <summary>Gets the most columns that are accepted. Default 4,096.</summary>
    public int MaxColumns { get; init; } = 4096;

    /// <summary>Gets the most data rows that are accepted. Default 10,000,000.</summary>
    public int MaxRows { get; init; } = 10_000_000;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCellLength, 1, nameof(MaxCellLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxColumns, 1, nameof(MaxColumns));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRows, 1, nameof(MaxRows));
    }
}
