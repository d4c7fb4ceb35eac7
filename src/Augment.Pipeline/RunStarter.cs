using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Augment.Storage;

namespace Augment.Pipeline;

/// <summary>
/// Starts AugmentDataset runs for uploaded CSVs. A run's id is derived from the dataset name and a SHA-256 of the
/// CSV's bytes and of its augment.json, so the same content never starts a second run (the blob trigger is
/// at-least-once, and re-uploading identical bytes gives a new ETag but the same hash).
/// </summary>
/// <param name="blobs">The datasets' storage.</param>
/// <param name="client">The Durable Task client.</param>
/// <param name="storageRetryWindowSeconds">The storage-outage window stamped into each run it starts (null: the default, 35 s).</param>
public sealed class RunStarter(IBlobStore blobs, DurableTaskClient client, int? storageRetryWindowSeconds = null)
{
    /// <summary>The outcome of <see cref="StartForBlobAsync"/>.</summary>
    /// <param name="InstanceId">The run's instance id.</param>
    /// <param name="Started">False when a run for the same content already existed.</param>
    public sealed record StartResult(string InstanceId, bool Started);

    /// <summary>Whether <paramref name="blobName"/> (in <c>datasets</c>) is a dataset upload: <c>{name}/*.csv</c>, or an
    /// image archive <c>{name}/*.zip</c> (<c>{class}/{file}.png|jpg</c> inside).</summary>
    public static bool IsDatasetBlob(string blobName) =>
        (blobName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || blobName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        && blobName.IndexOf('/', StringComparison.Ordinal) > 0;

    /// <summary>The dataset name of a blob <c>{name}/file.csv</c>.</summary>
    /// <summary>
    /// Why a blob name under <c>datasets/</c> starts no run, or null when it names a dataset CSV
    /// (<c>{dataset}/{file}.csv</c>, no <c>..</c> segment, no backslash, no leading slash, at most 1,024 characters).
    /// </summary>
    public static string? Rejects(string? blobName) => blobName switch
    {
        null or "" => "the blob has no name",
        { Length: > 1024 } => "the name is longer than 1,024 characters",
        _ when blobName.Split('/').Any(s => s is ".." or ".") || blobName.Contains('\\') || blobName.StartsWith('/') =>
            "the name holds '.', '..', a backslash or a leading '/' (path traversal); upload to datasets/{dataset}/{file}.csv",
        _ when blobName.EndsWith("/" + WorkArea.SpecFileName, StringComparison.Ordinal) => "it is a spec (augment.json); its CSV's upload starts the run",
        _ when !IsDatasetBlob(blobName) => "it is not a dataset CSV ({dataset}/{file}.csv) or image archive ({dataset}/images.zip)",
        _ => null,
    };

    /// <summary>Whether the blob is a dataset's augment.json (not a CSV, but expected beside one: no record when it uploads).</summary>
    public static bool IsSpec(string? blobName) => blobName is not null && blobName.EndsWith("/" + WorkArea.SpecFileName, StringComparison.Ordinal);

    public static string DatasetOf(string blobName) => blobName[..blobName.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>
    /// Starts a run for the CSV at <paramref name="blobName"/> in <paramref name="container"/>, unless one exists for its
    /// content. The run's trace continues the current span (a Functions invocation, a caller's span); with none, it is
    /// rooted in a new <c>augment.run</c> span (tags <c>augment.run_id</c>, <c>augment.dataset</c>, <c>augment.trigger</c>).
    /// </summary>
    public async Task<StartResult> StartForBlobAsync(string container, string blobName, string trigger, CancellationToken cancellationToken = default)
    {
        var dataset = DatasetOf(blobName);
        using var root = Activity.Current is null ? RunTelemetry.Source.StartActivity(RunTelemetry.RunSpan, ActivityKind.Producer) : null;
        root?.SetTag(RunTelemetry.DatasetTag, dataset);
        root?.SetTag(RunTelemetry.TriggerTag, trigger);
        try
        {
            return await StartAsync(container, blobName, dataset, trigger, root, cancellationToken);
        }
        catch (Exception ex)
        {
            RunTelemetry.Fail(root, ex);
            throw;
        }
    }

    private async Task<StartResult> StartAsync(string container, string blobName, string dataset, string trigger, Activity? root, CancellationToken cancellationToken)
    {
        var specName = blobName[..(blobName.LastIndexOf('/') + 1)] + WorkArea.SpecFileName;

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // The dataset's own name is hashed too: two folders whose names slug alike ("up sp", "up-sp") holding the same
        // bytes are two datasets, and each gets its run.
        hash.AppendData(Encoding.UTF8.GetBytes(dataset));
        hash.AppendData("\0"u8);
        string etag;
        await using (var csv = await blobs.OpenReadAsync(container, blobName, null, cancellationToken)
            ?? throw new FileNotFoundException($"{container}/{blobName} does not exist"))
        {
            etag = csv.Info.ETag.Value;
            await AppendAsync(hash, csv.Content, cancellationToken);
        }

        var specExists = false;
        await using (var spec = await blobs.OpenReadAsync(container, specName, null, cancellationToken))
        {
            if (spec is not null)
            {
                specExists = true;
                hash.AppendData("\0augment.json\0"u8);
                await AppendAsync(hash, spec.Content, cancellationToken);
            }
        }

        var instanceId = $"{Slug(dataset)}-{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}";
        root?.SetTag(RunTelemetry.RunIdTag, instanceId);
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            root?.SetTag("augment.started", false);
            return new StartResult(instanceId, false);
        }

        // The current span (ours, or the host's), or a fresh sampled context when nothing here records spans: the
        // activities, possibly in another process that does export, still put the run's spans in one trace.
        var current = Activity.Current;
        current?.SetTag(RunTelemetry.RunIdTag, instanceId);
        var request = new AugmentRequest(dataset, container, blobName, etag, specExists ? specName : null, trigger)
        {
            TraceParent = RunTelemetry.TraceParentOf(current) ?? RunTelemetry.NewTraceParent(),
            StorageRetryWindowSeconds = storageRetryWindowSeconds,
        };
        await client.ScheduleNewOrchestrationInstanceAsync(Orchestrations.AugmentDatasetOrchestrator.Name, request, new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken);
        root?.SetTag("augment.started", true);
        return new StartResult(instanceId, true);
    }

    /// <summary>
    /// Records that a blob under <c>datasets/</c> starts no run (<see cref="Rejects"/>): a run that fails at once with the
    /// reason, so the API, the dashboard and the CLI list it. Its id hashes the name and the blob's version (ETag), so a
    /// redelivered trigger records nothing twice and a new upload under the same name is recorded again.
    /// </summary>
    public async Task<StartResult> RecordRejectedAsync(string container, string blobName, string? etag, string reason, string trigger, CancellationToken cancellationToken = default)
    {
        var name = blobName;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{container}\0{name}\0{etag}"));
        var instanceId = $"rejected-{Slug(name.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "upload")}-{Convert.ToHexStringLower(hash)[..16]}";
        if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken) is not null)
        {
            return new StartResult(instanceId, false);
        }

        var dataset = name.Contains('/', StringComparison.Ordinal) ? name[..name.IndexOf('/', StringComparison.Ordinal)] : name;
        var request = new AugmentRequest(dataset, container, name, etag, null, trigger) { Rejected = reason };
        await client.ScheduleNewOrchestrationInstanceAsync(Orchestrations.AugmentDatasetOrchestrator.Name, request, new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken);
        return new StartResult(instanceId, true);
    }

    private static async Task AppendAsync(IncrementalHash hash, Stream content, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Lower-case letters, digits and dashes only, at most 40 characters (instance ids go into blob names and URLs).</summary>
    public static string Slug(string name)
    {
        var sb = new StringBuilder(Math.Min(name.Length, 40));
        foreach (var ch in name.ToLowerInvariant())
        {
            if (sb.Length == 40)
            {
                break;
            }

            sb.Append(char.IsAsciiLetterOrDigit(ch) ? ch : '-');
        }

        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "dataset" : slug;
    }
}
