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

    /// <summary>Installs Azurite with <c>npm ci</c> when <c>node_modules/azurite</c> is missing. Default: true.</summary>
    public bool InstallIfMissing { get; set; } = true;
}
