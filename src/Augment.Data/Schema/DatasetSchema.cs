namespace Augment.Data;

/// <summary>The profiles of a table's columns, in column order.</summary>
/// <param name="Columns">One profile per column.</param>
public sealed record DatasetSchema(IReadOnlyList<ColumnProfile> Columns)
{
    /// <summary>Gets the profile of a column by its exact name.</summary>
    /// <param name="name">The column name.</param>
    /// <exception cref="KeyNotFoundException">No column has that name.</exception>
    public ColumnProfile this[string name] =>
        Find(name) ?? throw new KeyNotFoundException($"The schema has no column named '{name}'.");

    /// <summary>Gets the profile of a column by its exact name, or <see langword="null"/>.</summary>
    /// <param name="name">The column name.</param>
    public ColumnProfile? Find(string name)
    {
        foreach (var column in Columns)
        {
            if (string.Equals(column.Name, name, StringComparison.Ordinal))
            {
                return column;
            }
        }

        return null;
    }

    /// <summary>Compares the profiles element by element.</summary>
    /// <param name="other">The other schema.</param>
    public bool Equals(DatasetSchema? other) => other is not null && Columns.SequenceEqual(other.Columns);

    /// <inheritdoc/>
    public override int GetHashCode() => Columns.Count;
}
