using Augment.Synthesis.Neural;
using Microsoft.ML.OnnxRuntime;

namespace Augment.Synthesis.Onnx;

/// <summary>
/// A generator's network (<see cref="IOnnxSampleable.ExportOnnx"/>) in an ONNX Runtime session: the sampler's noise and
/// condition go in as the <c>input</c> tensor and the raw row comes out of <c>output</c>, written straight into the
/// caller's buffer. <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue})"/>
/// is thread-safe, so one engine serves every sampling block.
/// </summary>
public sealed class OnnxNetworkEngine : INetworkEngine, IDisposable
{
    private static readonly string[] InputNames = ["input"];
    private static readonly string[] OutputNames = ["output"];

    private readonly InferenceSession session;
    private readonly int inputWidth;
    private readonly int outputWidth;

    private OnnxNetworkEngine(InferenceSession session, int inputWidth, int outputWidth, ExecutionProviderChoice provider)
    {
        this.session = session;
        this.inputWidth = inputWidth;
        this.outputWidth = outputWidth;
        Provider = provider;
    }

    /// <summary>Gets the provider the session runs on and why.</summary>
    public ExecutionProviderChoice Provider { get; }

    /// <summary>
    /// Makes a session for an exported network: on CUDA when <paramref name="options"/> allow it and it loads, else (or
    /// when a CUDA session cannot be made) on the CPU.
    /// </summary>
    /// <param name="model">The ONNX model bytes.</param>
    /// <param name="inputWidth">The network's input width.</param>
    /// <param name="outputWidth">The network's output width.</param>
    /// <param name="options">Provider preference and threads; default <see cref="OnnxEngineOptions.Default"/>.</param>
    /// <exception cref="OnnxEngineUnavailableException">No session could be made (native library missing, invalid model).</exception>
    public static OnnxNetworkEngine Create(byte[] model, int inputWidth, int outputWidth, OnnxEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= OnnxEngineOptions.Default;
        string? cudaFailure = null;
        try
        {
            using var cudaOptions = NewOptions(options);
            var choice = ExecutionProviders.Choose(cudaOptions, options);
            if (choice.Provider == ExecutionProviderChoice.Cuda)
            {
                try
                {
                    return new OnnxNetworkEngine(new InferenceSession(model, cudaOptions), inputWidth, outputWidth, choice);
                }
                catch (Exception e) when (ExecutionProviders.IsNativeLoadFailure(e))
                {
                    cudaFailure = $"CUDA session failed: {ExecutionProviders.OneLine(e.Message)}";
                }
            }
            else
            {
                return new OnnxNetworkEngine(new InferenceSession(model, cudaOptions), inputWidth, outputWidth, choice);
            }

            using var cpuOptions = NewOptions(options);
            return new OnnxNetworkEngine(new InferenceSession(model, cpuOptions), inputWidth, outputWidth, new(ExecutionProviderChoice.Cpu, cudaFailure));
        }
        catch (Exception e) when (ExecutionProviders.IsNativeLoadFailure(e))
        {
            throw new OnnxEngineUnavailableException($"ONNX Runtime could not create a session: {ExecutionProviders.OneLine(e.Message)}", e);
        }
    }

    /// <inheritdoc/>
    public void Forward(float[] input, int rows, float[] output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (input.Length != (long)rows * inputWidth || output.Length != (long)rows * outputWidth)
        {
            throw new ArgumentException($"Expected {rows} × {inputWidth} inputs and {rows} × {outputWidth} outputs.");
        }

        using var x = OrtValue.CreateTensorValueFromMemory(input, [rows, inputWidth]);
        using var y = OrtValue.CreateTensorValueFromMemory(output, [rows, outputWidth]);
        using var run = new RunOptions();
        session.Run(run, InputNames, [x], OutputNames, [y]);
    }

    /// <inheritdoc/>
    public void Dispose() => session.Dispose();

    private static SessionOptions NewOptions(OnnxEngineOptions options) => new()
    {
        IntraOpNumThreads = options.IntraOpThreads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    };
}
