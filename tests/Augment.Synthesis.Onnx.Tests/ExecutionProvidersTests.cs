using Microsoft.ML.OnnxRuntime;

namespace Augment.Synthesis.Onnx.Tests;

public sealed class ExecutionProvidersTests
{
    [Fact]
    public void Choose_CudaLibrariesMissing_GivesCpuWithTheReason()
    {
        // Arrange: the Gpu build on a machine without the CUDA runtime (ORT's own exception has no public constructor).
        var options = new OnnxEngineOptions
        {
            AppendCuda = (_, _) => throw new DllNotFoundException("libcudart.so.13: cannot open shared object file: No such file or directory"),
        };
        using var session = new SessionOptions();

        // Act
        var choice = ExecutionProviders.Choose(session, options);

        // Assert
        Assert.Equal(ExecutionProviderChoice.Cpu, choice.Provider);
        Assert.StartsWith("CUDA unavailable", choice.Reason, StringComparison.Ordinal);
        Assert.Contains("libcudart.so.13", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_NativeLibraryNotLoadable_GivesCpu()
    {
        var options = new OnnxEngineOptions { AppendCuda = (_, _) => throw new EntryPointNotFoundException("OrtSessionOptionsAppendExecutionProvider_CUDA") };
        using var session = new SessionOptions();

        var choice = ExecutionProviders.Choose(session, options);

        Assert.Equal(ExecutionProviderChoice.Cpu, choice.Provider);
        Assert.Contains("OrtSessionOptionsAppendExecutionProvider_CUDA", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_CudaLoads_GivesCuda()
    {
        var appended = -1;
        var options = new OnnxEngineOptions { CudaDevice = 1, AppendCuda = (_, device) => appended = device };
        using var session = new SessionOptions();

        var choice = ExecutionProviders.Choose(session, options);

        Assert.Equal(ExecutionProviderChoice.Cuda, choice.Provider);
        Assert.Equal(1, appended);
        Assert.Contains("device 1", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_CpuRequested_NeverTriesCuda()
    {
        var options = new OnnxEngineOptions { Provider = OnnxProviderPreference.Cpu, AppendCuda = (_, _) => throw new InvalidOperationException("must not be called") };
        using var session = new SessionOptions();

        var choice = ExecutionProviders.Choose(session, options);

        Assert.Equal(new ExecutionProviderChoice(ExecutionProviderChoice.Cpu, "CPU requested"), choice);
    }

    [Fact]
    public void Choose_OtherFailure_IsNotSwallowed()
    {
        var options = new OnnxEngineOptions { AppendCuda = (_, _) => throw new InvalidOperationException("a bug") };
        using var session = new SessionOptions();

        Assert.Throws<InvalidOperationException>(() => ExecutionProviders.Choose(session, options));
    }

    [Fact]
    public void Choose_RealAppendOnTheCpuBuild_GivesCpuWithOrtsReason()
    {
        // The CPU package has no CUDA provider: ORT's own error is the reason. (On a Gpu build with CUDA present this
        // would pick CUDA, so only the CPU build is asserted.)
        if (ExecutionProviders.Flavor != "Cpu")
        {
            return;
        }

        using var session = new SessionOptions();

        var choice = ExecutionProviders.Choose(session, OnnxEngineOptions.Default);

        Assert.Equal(ExecutionProviderChoice.Cpu, choice.Provider);
        Assert.StartsWith("CUDA unavailable (Cpu build): ", choice.Reason, StringComparison.Ordinal);
    }
}
