namespace Augment.Tensors.Layers;

/// <summary>
/// The per-example layout of an image batch: <see cref="Channels"/> planes of <see cref="Height"/> × <see cref="Width"/>,
/// stored channel-major (NCHW, PyTorch's and ONNX's layout). A batch is any tensor whose rows are examples and whose
/// columns hold <see cref="Size"/> values, so a <see cref="Linear"/> output can feed a convolution without a reshape.
/// </summary>
/// <param name="Channels">The number of planes.</param>
/// <param name="Height">Rows per plane.</param>
/// <param name="Width">Columns per plane.</param>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Gets the number of values per example.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>Gets the number of pixels per plane.</summary>
    public int Plane => Height * Width;

    /// <summary>Creates an empty batch of <paramref name="n"/> examples shaped [n, C, H, W].</summary>
    /// <param name="n">The number of examples.</param>
    public Tensor NewBatch(int n) => new(n, Channels, Height, Width);

    /// <summary>Checks that <paramref name="input"/> holds whole examples of this shape.</summary>
    /// <param name="input">The batch.</param>
    /// <param name="layer">The layer's name, for the message.</param>
    /// <exception cref="ArgumentException">The row width is not <see cref="Size"/>.</exception>
    public void Check(Tensor input, string layer)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 2 || input.Columns != Size)
        {
            throw new ArgumentException($"{layer} expects examples of {Channels}×{Height}×{Width} = {Size} values, got [{string.Join(", ", input.Shape)}].", nameof(input));
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Channels}×{Height}×{Width}";
}
