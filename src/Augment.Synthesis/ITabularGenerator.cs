using Augment.Data;

namespace Augment.Synthesis;

/// <summary>A fitted generative model of a table that samples synthetic rows.</summary>
public interface ITabularGenerator
{
    /// <summary>Gets a short, stable name of the model family (e.g. <c>gaussian-copula</c>).</summary>
    string ModelKind { get; }

    /// <summary>
    /// Samples synthetic rows with the columns of the training table. The same model, row count, seed and
    /// condition always give the same table.
    /// </summary>
    /// <param name="rows">The number of rows, zero or more.</param>
    /// <param name="seed">The seed of the random draws.</param>
    /// <param name="condition">When set, every row has this value in this categorical column.</param>
    DataTable Sample(int rows, int seed, SampleCondition? condition = null);

    /// <summary>Writes the model so that loading it gives a generator that samples the same rows.</summary>
    /// <param name="destination">The stream to write to; left open.</param>
    void Save(Stream destination);
}
