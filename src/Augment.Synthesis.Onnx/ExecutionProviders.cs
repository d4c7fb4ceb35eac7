using System.Reflection;
using Microsoft.ML.OnnxRuntime;

namespace Augment.Synthesis.Onnx;

/// <summary>
/// Chooses the execution provider: CUDA when it is wanted and its native libraries load (the CPU package has no CUDA
/// provider; the Gpu build needs CUDA 13 and cuDNN 9 at run time), else the CPU, with the reason in one line.
/// </summary>
internal static class ExecutionProviders
{
    /// <summary>Which ONNX Runtime package this build references: <c>Cpu</c> or <c>Gpu</c> (MSBuild <c>OnnxRuntimeFlavor</c>).</summary>
    public static string Flavor { get; } = typeof(ExecutionProviders).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "OnnxRuntimeFlavor")?.Value ?? "Cpu";

    /// <summary>Appends the CUDA provider to <paramref name="session"/> when <paramref name="options"/> allow it and it
    /// loads; says which provider the session will use and why.</summary>
    public static ExecutionProviderChoice Choose(SessionOptions session, OnnxEngineOptions options)
    {
        if (options.Provider == OnnxProviderPreference.Cpu)
        {
            return new(ExecutionProviderChoice.Cpu, "CPU requested");
        }

        try
        {
            options.AppendCuda(session, options.CudaDevice);
            return new(ExecutionProviderChoice.Cuda, $"CUDA execution provider loaded (device {options.CudaDevice}, ONNX Runtime {Flavor} build)");
        }
        catch (Exception e) when (IsNativeLoadFailure(e))
        {
            return new(ExecutionProviderChoice.Cpu, $"CUDA unavailable ({Flavor} build): {OneLine(e.Message)}");
        }
    }

    /// <summary>What a missing or unusable native library throws: ORT's own error (no CUDA provider in this build,
    /// libcudart/libcudnn not found), or the runtime's when libonnxruntime itself does not load.</summary>
    public static bool IsNativeLoadFailure(Exception e) =>
        e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException;

    public static string OneLine(string message)
    {
        var line = message.Trim();
        var cut = line.IndexOfAny(['\r', '\n']);
        line = cut < 0 ? line : line[..cut];
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
