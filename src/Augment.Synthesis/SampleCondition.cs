namespace Augment.Synthesis;

/// <summary>Asks a generator for rows of one class of a categorical (or boolean) column.</summary>
/// <param name="Column">The column name.</param>
/// <param name="Value">The class, as its text in the training data.</param>
public sealed record SampleCondition(string Column, string Value);
