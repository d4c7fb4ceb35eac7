namespace Augment.Tensors.Layers;

/// <summary>
/// A lookup table: row i of the output is row ids[i] of the weights. <see cref="Forward(Tensor)"/> takes the ids as a
/// vector of whole numbers stored as floats; the ids get no gradient.
/// </summary>
public sealed class Embedding : Module
{
    private int[]? ids;

    /// <summary>Creates the table with N(0, 1) entries (Box–Muller from a seeded source).</summary>
    /// <param name="count">The number of ids.</param>
    /// <param name="dimension">The width of an embedding.</param>
    /// <param name="random">The seeded source.</param>
    public Embedding(int count, int dimension, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentNullException.ThrowIfNull(random);
        Weight = new Parameter("weight", new Tensor(count, dimension));
        var w = Weight.Value.Data;
        for (var i = 0; i < w.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            w[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
    }

    /// <summary>Gets the table (count × dimension).</summary>
    public Parameter Weight { get; }

    /// <summary>Looks up rows by integer id.</summary>
    /// <param name="ids">The ids, each in [0, count).</param>
    /// <exception cref="ArgumentOutOfRangeException">An id is out of range.</exception>
    public Tensor Forward(ReadOnlySpan<int> ids)
    {
        var table = Weight.Value;
        var output = new Tensor(ids.Length, table.Columns);
        for (var i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)table.Rows)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), ids[i], $"Embedding id must be in [0, {table.Rows}).");
            }

            table.Row(ids[i]).CopyTo(output.Row(i));
        }

        this.ids = ids.ToArray();
        return output;
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var list = new int[input.Length];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = (int)input.Data[i];
        }

        return Forward(list);
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var list = ids ?? throw new InvalidOperationException("Backward called before Forward.");
        for (var i = 0; i < list.Length; i++)
        {
            var g = Weight.Grad.Row(list[i]);
            System.Numerics.Tensors.TensorPrimitives.Add(g, gradOutput.Row(i), g);
        }

        return new Tensor(list.Length);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters(string prefix = "")
    {
        yield return (Join(prefix, "weight"), Weight);
    }

    /// <inheritdoc />
    public override IEnumerable<(string Name, Tensor Tensor)> State(string prefix = "")
    {
        yield return (Join(prefix, "weight"), Weight.Value);
    }
}
