namespace Augment.Storage;

/// <summary>
/// The repository's Node tooling (Azurite, onnxruntime-node): installed from <c>package.json</c> +
/// <c>package-lock.json</c> with <c>npm ci --ignore-scripts</c> the first time anything needs it, under a file lock
/// so that concurrent test processes install once. Nothing is downloaded when every package is present.
/// </summary>
public static class NodeTooling
{
    /// <summary>Makes sure every <c>devDependency</c> is installed and returns the folder holding <c>node_modules</c>.</summary>
    /// <param name="cancellationToken">Cancels the wait for a concurrent install or npm itself.</param>
    public static async Task<string> EnsureInstalledAsync(CancellationToken cancellationToken = default)
    {
        var root = AzuriteInstaller.FindRepositoryRoot();
        await AzuriteInstaller.EnsureInstalledAsync(root, installIfMissing: true, cancellationToken).ConfigureAwait(false);
        return root;
    }
}
