namespace Augment.Synthesis.Onnx;

/// <summary>The execution provider a session runs on and why it was chosen.</summary>
/// <param name="Provider"><c>CUDA</c> or <c>CPU</c>.</param>
/// <param name="Reason">One line: why, e.g. <c>CUDA unavailable: libcudart.so.13: cannot open shared object file</c>.</param>
public sealed record ExecutionProviderChoice(string Provider, string Reason)
{
    /// <summary>The CUDA provider's name.</summary>
    public const string Cuda = "CUDA";

    /// <summary>The CPU provider's name.</summary>
    public const string Cpu = "CPU";
}

/// <summary>ONNX Runtime could not make a session for a network, on any provider.</summary>
public sealed class OnnxEngineUnavailableException : Exception
{
    public OnnxEngineUnavailableException() : base("ONNX Runtime could not create a session.") { }

    public OnnxEngineUnavailableException(string message) : base(message) { }

    public OnnxEngineUnavailableException(string message, Exception inner) : base(message, inner) { }
}
