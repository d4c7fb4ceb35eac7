namespace Augment.Synthesis.Transforms;

/// <summary>What a block of transformed outputs holds, and so which activation a network puts on it.</summary>
public enum SpanKind
{
    /// <summary>One scalar in [-1, 1] (the normalised value within its mode): tanh.</summary>
    Scalar,

    /// <summary>A one-hot group (modes, categories, present/missing): softmax or Gumbel-softmax.</summary>
    OneHot,

    /// <summary>One output holding a category index in [0, <see cref="OutputSpan.Width"/>): an embedding lookup.</summary>
    Index,
}

/// <summary>A block of consecutive outputs of one column.</summary>
/// <param name="Column">The source column.</param>
/// <param name="Kind">What the block holds.</param>
/// <param name="Offset">The first output of the block in a transformed row.</param>
/// <param name="Width">Outputs in the block (for <see cref="SpanKind.Index"/>: the number of categories; the block is 1 wide).</param>
/// <param name="Role"><c>value</c>, <c>mode</c>, <c>category</c> or <c>missing</c>.</param>
public sealed record OutputSpan(string Column, SpanKind Kind, int Offset, int Width, string Role)
{
    /// <summary>Gets the outputs the block takes in a transformed row.</summary>
    public int Length => Kind == SpanKind.OneHot ? Width : 1;
}
