using System.Reflection;
using Augment.Dev.Durable;
using Augment.Storage;

namespace Augment.Dev;

/// <summary>Where the local host keeps orchestration state.</summary>
public enum DurableBackend
{
    /// <summary>DTFx's Azure Storage provider on the account in <c>AzureWebJobsStorage</c> (Azurite): durable across restarts.</summary>
    AzureStorage,

    /// <summary>In memory: nothing survives the process (<c>augment run</c>).</summary>
    InMemory,
}

/// <summary>How to start a <see cref="LocalFunctionHost"/> (every default stated).</summary>
public sealed record LocalHostOptions
{
    /// <summary>The app's settings, as <c>local.settings.json</c>'s <c>Values</c> (<c>AzureWebJobsStorage</c> required).</summary>
    public required IReadOnlyDictionary<string, string?> Settings { get; init; }

    /// <summary>The assembly holding the app's <c>[Function]</c> classes. Default: Augment.App.</summary>
    public Assembly AppAssembly { get; init; } = typeof(App.Hosting.AppServices).Assembly;

    /// <summary>The orchestration backend. Default <see cref="DurableBackend.AzureStorage"/>.</summary>
    public DurableBackend Backend { get; init; } = DurableBackend.AzureStorage;

    /// <summary>The Durable Task settings (task hub, partitions, visibility timeouts).</summary>
    public TaskHubSettings TaskHub { get; init; } = new();

    /// <summary>The HTTP port on 127.0.0.1; 0 picks a free one. Default 0.</summary>
    public int Port { get; init; }

    /// <summary>Whether the blob and timer triggers run (off for <c>augment run</c>, which starts its run itself). Default true.</summary>
    public bool RunTriggers { get; init; } = true;

    /// <summary>How often the blob trigger scans <c>datasets/</c>. Default 1 s.</summary>
    public TimeSpan BlobPollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The host id under which receipts and timer status are kept. Default <c>augment-local</c>.</summary>
    public string HostId { get; init; } = "augment-local";

    /// <summary>The function key the host requires on function-level routes; default a new random key per start.</summary>
    public string? FunctionKey { get; init; }

    /// <summary>Orchestrators or activities registered beside the app's (tests and benchmarks: e.g. a run that only waits for an event).</summary>
    public Action<Microsoft.DurableTask.DurableTaskRegistry>? AdditionalTasks { get; init; }

    /// <summary>Tests: picks the port to try when <see cref="Port"/> is 0 (default: a free port the kernel hands out).</summary>
    internal Func<int>? PortProbe { get; init; }

    /// <summary>Replaces the blob store the activities use (tests: an in-memory store with the in-memory backend).</summary>
    public IBlobStore? Blobs { get; init; }
}
