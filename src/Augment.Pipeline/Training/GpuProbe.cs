namespace Augment.Pipeline.Training;

/// <summary>
/// Detects a CUDA driver the way a container or local process would see it: <c>libcuda.so.1</c> in the usual
/// library folders (the GPU host mounts it into containers) or <c>nvidia-smi</c> on PATH. Detection only; which
/// device a generator computes on is said by <see cref="Describe"/>.
/// </summary>
public static class GpuProbe
{
    private static readonly string[] LibraryFolders =
        ["/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib/wsl/lib", "/usr/local/cuda/lib64", "/usr/local/nvidia/lib64", "/usr/lib"];

    /// <summary>The path of the CUDA driver library or <c>nvidia-smi</c> found, or null.</summary>
    public static string? FindCudaDriver(Func<string, bool>? fileExists = null, string? path = null)
    {
        fileExists ??= File.Exists;
        foreach (var folder in LibraryFolders)
        {
            var candidate = Path.Combine(folder, "libcuda.so.1");
            if (fileExists(candidate))
            {
                return candidate;
            }
        }

        foreach (var folder in (path ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, "nvidia-smi");
            if (fileExists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// One line naming the device: the generators in this build (Gaussian copula) compute on the CPU, so this says
    /// <c>cpu</c> and whether a CUDA driver was seen.
    /// </summary>
    public static string Describe(Func<string, bool>? fileExists = null, string? path = null) =>
        FindCudaDriver(fileExists, path) is { } driver
            ? $"cpu (CUDA driver present at {driver}; the gaussian-copula generator does not use the GPU)"
            : "cpu (no CUDA driver found)";
}
