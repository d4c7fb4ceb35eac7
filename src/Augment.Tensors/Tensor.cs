namespace Augment.Tensors;

/// <summary>
/// A dense float32 tensor stored contiguously in row-major order. Most of the library works on matrices
/// (rank 2: rows = batch, columns = features); rank 1 holds biases and per-feature vectors.
/// </summary>
public sealed class Tensor
{
    private readonly int[] shape;

    /// <summary>Creates a zero tensor of the given shape.</summary>
    /// <param name="shape">The dimensions, each zero or more.</param>
    /// <exception cref="ArgumentException">A dimension is negative or the shape is empty.</exception>
    public Tensor(params int[] shape)
        : this(new float[CheckedLength(shape)], shape)
    {
    }

    /// <summary>Wraps an existing buffer (no copy) as a tensor of the given shape.</summary>
    /// <param name="data">The row-major values; its length must equal the product of the dimensions.</param>
    /// <param name="shape">The dimensions.</param>
    /// <exception cref="ArgumentException">The buffer length does not match the shape.</exception>
    public Tensor(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var length = CheckedLength(shape);
        if (data.Length != length)
        {
            throw new ArgumentException($"A buffer of {data.Length} values cannot have shape [{string.Join(", ", shape)}].", nameof(data));
        }

        Data = data;
        this.shape = (int[])shape.Clone();
    }

    /// <summary>Gets the row-major values (the tensor's own storage, not a copy).</summary>
    public float[] Data { get; }

    /// <summary>Gets the dimensions.</summary>
    public IReadOnlyList<int> Shape => shape;

    /// <summary>Gets the number of dimensions.</summary>
    public int Rank => shape.Length;

    /// <summary>Gets the number of values.</summary>
    public int Length => Data.Length;

    /// <summary>Gets the first dimension (the rows of a matrix, the length of a vector).</summary>
    public int Rows => shape[0];

    /// <summary>Gets the number of values per row: the product of every dimension after the first (1 for a vector).</summary>
    public int Columns => shape.Length == 1 ? 1 : Data.Length / Math.Max(1, shape[0]);

    /// <summary>Gets or sets the value at row <paramref name="row"/>, column <paramref name="column"/> of a matrix.</summary>
    public float this[int row, int column]
    {
        get => Data[(row * Columns) + column];
        set => Data[(row * Columns) + column] = value;
    }

    /// <summary>Gets the values as a span.</summary>
    public Span<float> AsSpan() => Data;

    /// <summary>Gets the values of one row.</summary>
    /// <param name="row">The row index.</param>
    public Span<float> Row(int row) => Data.AsSpan(row * Columns, Columns);

    /// <summary>Returns a view of the same storage with another shape of the same length.</summary>
    /// <param name="newShape">The dimensions.</param>
    /// <exception cref="ArgumentException">The length differs.</exception>
    public Tensor Reshape(params int[] newShape) => new(Data, newShape);

    /// <summary>Returns a copy with its own storage.</summary>
    public Tensor Clone() => new((float[])Data.Clone(), shape);

    /// <summary>Sets every value to zero.</summary>
    public void Clear() => Array.Clear(Data);

    /// <summary>Creates a matrix from rows of equal length.</summary>
    /// <param name="rows">The rows.</param>
    /// <exception cref="ArgumentException">The rows differ in length.</exception>
    public static Tensor FromRows(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var columns = rows.Count == 0 ? 0 : rows[0].Length;
        var t = new Tensor(rows.Count, columns);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != columns)
            {
                throw new ArgumentException($"Row {i} has {rows[i].Length} values, expected {columns}.", nameof(rows));
            }

            rows[i].CopyTo(t.Row(i));
        }

        return t;
    }

    /// <summary>Checks that two tensors have the same shape.</summary>
    /// <exception cref="ArgumentException">They differ.</exception>
    internal static void SameShape(Tensor a, Tensor b, string what)
    {
        if (!a.shape.AsSpan().SequenceEqual(b.shape))
        {
            throw new ArgumentException($"{what}: shapes [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}] differ.");
        }
    }

    private static int CheckedLength(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0)
        {
            throw new ArgumentException("A tensor needs at least one dimension.", nameof(shape));
        }

        long length = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Dimension {d} is negative.", nameof(shape));
            }

            length *= d;
        }

        return length > Array.MaxLength ? throw new ArgumentException("The tensor is too large.", nameof(shape)) : (int)length;
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor[{string.Join(", ", shape)}]";
}
