namespace Augment.Functions.Hosting;

/// <summary>
/// The handler's settings, read from configuration (app settings / environment; <c>Augment__X</c> in
/// local.settings.json is <c>Augment:X</c> here). Validated at start; an invalid value stops the handler with a
/// one-line reason.
/// </summary>
public sealed class FunctionsOptions
{
    /// <summary>The storage connection string (<c>AzureWebJobsStorage</c>); <c>UseDevelopmentStorage=true</c> for Azurite on its
    /// default ports. Required unless the stores are supplied in code (tests).</summary>
    public string? StorageConnectionString { get; set; }

    /// <summary>The durable task hub (<c>Augment:TaskHub</c>). Default <c>augment</c>; the shipped function.json files
    /// name its queues (<c>augment-control-00</c>…, <c>augment-workitems</c>).</summary>
    public string TaskHub { get; set; } = "augment";

    /// <summary>Control-queue partitions (<c>Augment:PartitionCount</c>). Default 4, matching the shipped
    /// <c>DurableControl00</c>…<c>DurableControl03</c> functions.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>The scheme and host that management URLs start with (<c>Augment:PublicBaseUrl</c>, e.g.
    /// <c>https://app.azurewebsites.net</c>). Default: taken from each request.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Also poll the durable queues in-process (<c>Augment:RunWorker</c>). Default false: under a Functions host the
    /// queue triggers deliver the messages, and a second consumer would only compete with them.</summary>
    public bool RunWorker { get; set; }

    /// <summary>
    /// Reads an app setting by its environment name (e.g. <c>Augment__Training__Runner</c>); null when unset. With
    /// <c>Augment__Training__Runner</c> set (<c>Local</c> or <c>ContainerAppsJob</c>) the Train step runs as a separate
    /// trainer execution through that runner; unset, it trains in process.
    /// </summary>
    public Func<string, string?> Setting { get; set; } = _ => null;

    /// <summary>The trainer for the <c>Local</c> runner (<c>Augment:Training:TrainerPath</c>): an <c>Augment.Trainer.dll</c> (run with
    /// <c>dotnet</c>) or an executable.</summary>
    public string? TrainerPath { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public FunctionsOptions Validate()
    {
        new Durable.DurableTaskOptions { TaskHub = TaskHub, PartitionCount = PartitionCount }.Validate();
        if (PublicBaseUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException($"Augment:PublicBaseUrl '{url}' must be an absolute http(s) URL.", nameof(PublicBaseUrl));
        }

        return this;
    }
}
