namespace Augment.Images;

/// <summary>One point of a training curve: a value measured at an optimiser step (a generator's mean loss over the
/// steps since the last point, a classifier's validation accuracy at a check).</summary>
/// <param name="Step">The optimiser step.</param>
/// <param name="Value">The value.</param>
public sealed record CurvePoint(int Step, double Value);
