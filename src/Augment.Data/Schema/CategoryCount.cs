namespace Augment.Data;

/// <summary>One category of a categorical or boolean column and how many rows hold it.</summary>
/// <param name="Value">The category, as the source text.</param>
/// <param name="Count">The number of rows with this value.</param>
public sealed record CategoryCount(string Value, int Count);
