namespace Augment.Storage;

/// <summary>
/// Node tooling the product and its tests need (Azurite at the repository root; onnxruntime-node beside the ONNX test):
/// installed from a folder's <c>package.json</c> + <c>package-lock.json</c> with <c>npm ci --ignore-scripts</c> the first
/// time anything needs it, under a file lock so that concurrent test processes install once. Nothing is downloaded when
/// every package is present.
/// </summary>
public static class NodeTooling
{
    /// <summary>The time an install may take before it is abandoned (it downloads on a fresh machine).</summary>
    public static TimeSpan InstallTimeout { get; } = TimeSpan.FromMinutes(10);

    /// <summary>Makes sure every <c>devDependency</c> of <paramref name="packageFolder"/> is installed in its <c>node_modules</c>.</summary>
    /// <param name="packageFolder">A folder holding <c>package.json</c> and <c>package-lock.json</c>.</param>
    /// <param name="cancellationToken">Cancels the wait for a concurrent install or npm itself.</param>
    public static async Task EnsureInstalledAsync(string packageFolder, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(InstallTimeout);
        await AzuriteInstaller.InstallPackagesAsync(packageFolder, timeout.Token).ConfigureAwait(false);
    }
}
