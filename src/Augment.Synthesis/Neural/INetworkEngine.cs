namespace Augment.Synthesis.Neural;

/// <summary>
/// Runs a neural generator's network — the module <see cref="IOnnxSampleable.ExportOnnx"/> writes — on a batch of
/// rows, e.g. through ONNX Runtime. The noise, the condition vector and the decoding of the output stay with the
/// generator, so an engine that computes the same function gives the same rows for the same seed.
/// </summary>
public interface INetworkEngine
{
    /// <summary>Computes <paramref name="output"/> = network(<paramref name="input"/>) for <paramref name="rows"/> rows.
    /// Called from several threads at once (one sampling block each).</summary>
    /// <param name="input">Row-major, exactly <paramref name="rows"/> × <see cref="IOnnxSampleable.NetworkInputWidth"/>.</param>
    /// <param name="rows">The batch size.</param>
    /// <param name="output">Row-major, exactly <paramref name="rows"/> × <see cref="IOnnxSampleable.NetworkOutputWidth"/>; overwritten.</param>
    void Forward(float[] input, int rows, float[] output);
}

/// <summary>
/// A generator whose network has an ONNX form (TVAE's decoder, CTGAN's generator) and can be sampled through another
/// engine. Generators ONNX cannot express (the latent mixture, the Gaussian copula) do not implement it.
/// </summary>
public interface IOnnxSampleable : ITabularGenerator
{
    /// <summary>Gets the network's input width: noise (or latent) followed by the condition vector.</summary>
    int NetworkInputWidth { get; }

    /// <summary>Gets the network's output width: the transformed row before activation and decoding.</summary>
    int NetworkOutputWidth { get; }

    /// <summary>Writes the network as an ONNX model (input <c>input</c> [batch, <see cref="NetworkInputWidth"/>], output
    /// <c>output</c> [batch, <see cref="NetworkOutputWidth"/>]; see <c>Augment.Tensors.Onnx.OnnxExporter</c>).</summary>
    /// <param name="destination">The stream to write to; left open.</param>
    void ExportOnnx(Stream destination);

    /// <summary>Samples like <see cref="ITabularGenerator.Sample"/> — the same noise, conditions and decoding drawn from
    /// the same seed — with the network computed by <paramref name="engine"/>.</summary>
    /// <param name="rows">The number of rows, zero or more.</param>
    /// <param name="seed">The seed of the random draws.</param>
    /// <param name="condition">When set, every row has this value in this categorical column.</param>
    /// <param name="engine">Computes the network.</param>
    Augment.Data.DataTable Sample(int rows, int seed, SampleCondition? condition, INetworkEngine engine);
}
