namespace Augment.Storage;

/// <summary>Options for <see cref="AzuriteEmulator.StartAsync"/>.</summary>
public sealed class AzuriteOptions
{
    /// <summary>
    /// The folder holding <c>package.json</c> + <c>package-lock.json</c> (and <c>node_modules</c>). Default: found by
    /// walking up from the current directory, then from <see cref="AppContext.BaseDirectory"/>.
    /// </summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>How long to wait for <c>npm ci</c> plus Azurite to answer on both endpoints. Default: 2 minutes.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Azurite's in-memory extent limit in MB (<c>--extentMemoryLimit</c>). Default: null (Azurite's 50 % of RAM).</summary>
    public int? ExtentMemoryLimitMb { get; set; }

    /// <summary>
    /// A folder to persist Azurite's data in (<c>--location</c>) instead of keeping it in memory; start a second emulator
    /// on the same folder (and <see cref="BlobPort"/>/<see cref="QueuePort"/>) to restart with the data intact.
    /// Default: null (in memory). Not combinable with <see cref="ExtentMemoryLimitMb"/>.
    /// </summary>
    public string? Location { get; set; }

    /// <summary>The blob port; default 0 (a free port, read back from Azurite's output).</summary>
    public int BlobPort { get; set; }

    /// <summary>The queue port; default 0 (a free port, read back from Azurite's output).</summary>
    public int QueuePort { get; set; }

    /// <summary>Installs Azurite with <c>npm ci</c> when <c>node_modules/azurite</c> is missing. Default: true.</summary>
    public bool InstallIfMissing { get; set; } = true;

    /// <summary>Told, in one line, about slow steps before they start (the first <c>npm ci</c>), so a caller can show it.</summary>
    public Action<string>? Progress { get; set; }
}
