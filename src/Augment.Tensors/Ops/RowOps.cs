using System.Numerics.Tensors;

namespace Augment.Tensors.Ops;

/// <summary>Row/column broadcasts and reductions on matrices, on top of <see cref="TensorPrimitives"/>.</summary>
public static class RowOps
{
    /// <summary>Adds <paramref name="vector"/> to every row of <paramref name="matrix"/> in place.</summary>
    /// <param name="matrix">The matrix (rows × n).</param>
    /// <param name="vector">The vector (n).</param>
    /// <exception cref="ArgumentException">The lengths disagree.</exception>
    public static void AddToRows(Tensor matrix, ReadOnlySpan<float> vector)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        CheckWidth(matrix, vector.Length);
        for (var i = 0; i < matrix.Rows; i++)
        {
            var row = matrix.Row(i);
            TensorPrimitives.Add(row, vector, row);
        }
    }

    /// <summary>Adds the column sums of <paramref name="matrix"/> to <paramref name="sums"/>.</summary>
    /// <param name="matrix">The matrix (rows × n).</param>
    /// <param name="sums">The accumulator (n).</param>
    /// <exception cref="ArgumentException">The lengths disagree.</exception>
    public static void AccumulateColumnSums(Tensor matrix, Span<float> sums)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        CheckWidth(matrix, sums.Length);
        for (var i = 0; i < matrix.Rows; i++)
        {
            TensorPrimitives.Add(sums, matrix.Row(i), sums);
        }
    }

    /// <summary>Copies <paramref name="source"/>'s columns into <paramref name="dest"/> starting at column <paramref name="offset"/>.</summary>
    /// <param name="source">The rows × w source.</param>
    /// <param name="dest">The rows × n destination, n ≥ offset + w.</param>
    /// <param name="offset">The first destination column.</param>
    public static void CopyColumns(Tensor source, Tensor dest, int offset)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(dest);
        for (var i = 0; i < source.Rows; i++)
        {
            source.Row(i).CopyTo(dest.Row(i).Slice(offset, source.Columns));
        }
    }

    /// <summary>Returns columns [offset, offset + width) of <paramref name="source"/> as a new matrix.</summary>
    /// <param name="source">The matrix.</param>
    /// <param name="offset">The first column.</param>
    /// <param name="width">The number of columns.</param>
    public static Tensor SliceColumns(Tensor source, int offset, int width)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = new Tensor(source.Rows, width);
        for (var i = 0; i < source.Rows; i++)
        {
            source.Row(i).Slice(offset, width).CopyTo(result.Row(i));
        }

        return result;
    }

    /// <summary>Writes the softmax of each row of <paramref name="logits"/> (columns [offset, offset+width)) into the same columns of <paramref name="dest"/>.</summary>
    /// <param name="logits">The logits.</param>
    /// <param name="dest">The destination (may be <paramref name="logits"/>).</param>
    /// <param name="offset">The first column of the group.</param>
    /// <param name="width">The group's width.</param>
    public static void SoftmaxColumns(Tensor logits, Tensor dest, int offset, int width)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(dest);
        for (var i = 0; i < logits.Rows; i++)
        {
            Augment.Tensors.Ops.Softmax.Compute(logits.Row(i).Slice(offset, width), dest.Row(i).Slice(offset, width));
        }
    }

    private static void CheckWidth(Tensor matrix, int width)
    {
        if (matrix.Columns != width)
        {
            throw new ArgumentException($"A vector of {width} values does not fit rows of {matrix.Columns}.");
        }
    }
}
