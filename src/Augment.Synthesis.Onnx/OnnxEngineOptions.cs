namespace Augment.Synthesis.Onnx;

/// <summary>Which execution provider ONNX Runtime should run a generator's network on.</summary>
public enum OnnxProviderPreference
{
    /// <summary>CUDA when its libraries load and a session can be made on it, else the CPU (the default).</summary>
    Auto,

    /// <summary>The CPU only.</summary>
    Cpu,
}

/// <summary>How <see cref="OnnxNetworkEngine"/> makes its session.</summary>
public sealed class OnnxEngineOptions
{
    /// <summary>Gets the provider preference. Default <see cref="OnnxProviderPreference.Auto"/>.</summary>
    public OnnxProviderPreference Provider { get; init; } = OnnxProviderPreference.Auto;

    /// <summary>Gets the CUDA device id. Default 0.</summary>
    public int CudaDevice { get; init; }

    /// <summary>Gets ONNX Runtime's intra-op threads on the CPU. Default 1: sampling already runs one 4,096-row block
    /// per core, and one thread per run keeps a block's result independent of the machine.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Gets how the CUDA execution provider is appended (tests replace it to force "CUDA unavailable").
    /// Default <see cref="Microsoft.ML.OnnxRuntime.SessionOptions.AppendExecutionProvider_CUDA(int)"/>.</summary>
    internal Action<Microsoft.ML.OnnxRuntime.SessionOptions, int> AppendCuda { get; init; } = static (session, device) => session.AppendExecutionProvider_CUDA(device);

    /// <summary>The default options.</summary>
    public static OnnxEngineOptions Default { get; } = new();
}
