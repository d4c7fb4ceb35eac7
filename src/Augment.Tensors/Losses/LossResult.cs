namespace Augment.Tensors.Losses;

/// <summary>A loss value and its gradient with respect to the (first) prediction.</summary>
/// <param name="Value">The loss.</param>
/// <param name="Gradient">∂loss/∂prediction.</param>
public readonly record struct LossResult(float Value, Tensor Gradient);
