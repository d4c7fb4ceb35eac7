using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Augment.Pipeline;
using Augment.Pipeline.Orchestrations;
using Augment.Pipeline.Spec;
using Augment.Storage;

namespace Augment.App.Nightly;

/// <summary>What the nightly run decided for one dataset.</summary>
public enum NightlyDecision
{
    /// <summary>A run was started.</summary>
    Started,

    /// <summary>Tonight's run already exists (a double fire or a catch-up): nothing started.</summary>
    AlreadyStarted,

    /// <summary>The CSV is the version the last successful run used, and the spec does not ask for unchanged re-runs.</summary>
    Unchanged,

    /// <summary>The dataset asks for nightly runs but cannot have one (no CSV, invalid augment.json).</summary>
    Skipped,
}

/// <summary>One dataset's nightly decision.</summary>
/// <param name="Dataset">The dataset (folder under <c>datasets/</c>).</param>
/// <param name="Decision">What was decided.</param>
/// <param name="InstanceId">Tonight's instance id (or the run that made it unchanged); null when skipped.</param>
/// <param name="Reason">One line for the log.</param>
public sealed record NightlyOutcome(string Dataset, NightlyDecision Decision, string? InstanceId, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Dataset}: {Decision} {InstanceId} ({Reason})";
}

/// <summary>
/// Starts the nightly runs: every dataset whose <c>datasets/{name}/augment.json</c> says <c>"schedule": "nightly"</c>
/// gets a run of its newest <c>datasets/{name}/*.csv</c> when that CSV (name and ETag) differs from the one its last
/// completed run read, or always with <c>"nightlyWhenUnchanged": true</c>. Tonight's instance id is
/// <c>{slug}-nightly-{yyyyMMdd}</c> (UTC date of the occurrence), so firing twice for the same night, or a catch-up
/// run, finds the existing instance and starts nothing.
/// </summary>
public sealed class NightlyPlanner(IBlobStore blobs, DurableTaskClient client, int? storageRetryWindowSeconds = null)
{
    /// <summary>The date part of nightly ids: the occurrence's UTC date as <c>yyyyMMdd</c>.</summary>
    public static string DateKey(DateTimeOffset night) => night.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The instance id of <paramref name="dataset"/>'s run for <paramref name="night"/>.</summary>
    public static string InstanceIdFor(string dataset, DateTimeOffset night) => $"{RunStarter.Slug(dataset)}-nightly-{DateKey(night)}";

    /// <summary>Decides (and starts) every scheduled dataset's run for <paramref name="night"/>.</summary>
    public async Task<IReadOnlyList<NightlyOutcome>> RunAsync(DateTimeOffset night, CancellationToken cancellationToken = default)
    {
        var folders = await ListFoldersAsync(cancellationToken);
        var outcomes = new List<NightlyOutcome>();
        foreach (var (dataset, files) in folders.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var specBlob = files.FirstOrDefault(f => f.Name == $"{dataset}/{WorkArea.SpecFileName}");
            if (specBlob is null)
            {
                continue;
            }

            var outcome = await DecideAsync(dataset, specBlob, files, night, cancellationToken);
            if (outcome is not null)
            {
                outcomes.Add(outcome);
            }
        }

        return outcomes;
    }

    private async Task<NightlyOutcome?> DecideAsync(string dataset, BlobInfo specBlob, List<BlobInfo> files, DateTimeOffset night, CancellationToken cancellationToken)
    {
        AugmentSpec spec;
        try
        {
            spec = AugmentSpec.Parse(await ReadTextAsync(specBlob.Name, cancellationToken));
        }
        catch (SpecException ex)
        {
            return new NightlyOutcome(dataset, NightlyDecision.Skipped, null, ex.Message);
        }

        if (!spec.IsNightly)
        {
            return null;
        }

        var csv = files.Where(f => RunStarter.IsDatasetBlob(f.Name))
            .OrderByDescending(f => f.LastModified).ThenBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault();
        if (csv is null)
        {
            return new NightlyOutcome(dataset, NightlyDecision.Skipped, null, $"no {dataset}/*.csv to augment");
        }

        var id = InstanceIdFor(dataset, night);
        if (await client.GetInstanceAsync(id, false, cancellationToken) is not null)
        {
            return new NightlyOutcome(dataset, NightlyDecision.AlreadyStarted, id, "tonight's run exists");
        }

        if (spec.NightlyWhenUnchanged != true && await LastSuccessfulAsync(dataset, cancellationToken) is { } last
            && last.Request.BlobName == csv.Name && last.Request.ETag == csv.ETag.Value)
        {
            return new NightlyOutcome(dataset, NightlyDecision.Unchanged, last.InstanceId, $"{csv.Name} unchanged since run {last.InstanceId}");
        }

        var request = new AugmentRequest(dataset, WorkArea.DatasetsContainer, csv.Name, csv.ETag.Value, specBlob.Name, "nightly") { StorageRetryWindowSeconds = storageRetryWindowSeconds };
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(AugmentDatasetOrchestrator.Name, request, new StartOrchestrationOptions { InstanceId = id }, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // Another fire for the same night created it between our check and our start.
            return new NightlyOutcome(dataset, NightlyDecision.AlreadyStarted, id, "started concurrently by another fire");
        }

        return new NightlyOutcome(dataset, NightlyDecision.Started, id, $"{csv.Name} (ETag {csv.ETag.Value})");
    }

    private async Task<(string InstanceId, AugmentRequest Request)?> LastSuccessfulAsync(string dataset, CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery
        {
            InstanceIdPrefix = RunStarter.Slug(dataset) + "-",
            Statuses = [OrchestrationRuntimeStatus.Completed],
            FetchInputsAndOutputs = true,
            PageSize = 1000,
        };
        (string InstanceId, DateTimeOffset At, AugmentRequest Request)? best = null;
        await foreach (var run in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (run.Name == AugmentDatasetOrchestrator.Name && run.ReadInputAs<AugmentRequest>() is { } request && request.Dataset == dataset
                && (best is null || run.LastUpdatedAt > best.Value.At))
            {
                best = (run.InstanceId, run.LastUpdatedAt, request);
            }
        }

        return best is { } b ? (b.InstanceId, b.Request) : null;
    }

    private async Task<Dictionary<string, List<BlobInfo>>> ListFoldersAsync(CancellationToken cancellationToken)
    {
        var folders = new Dictionary<string, List<BlobInfo>>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await blobs.ListPageAsync(WorkArea.DatasetsContainer, null, token, cancellationToken: cancellationToken);
            foreach (var blob in page.Items)
            {
                var slash = blob.Name.IndexOf('/', StringComparison.Ordinal);
                if (slash <= 0 || blob.Name.IndexOf('/', slash + 1) >= 0)
                {
                    continue;
                }

                var dataset = blob.Name[..slash];
                if (!folders.TryGetValue(dataset, out var list))
                {
                    folders[dataset] = list = [];
                }

                list.Add(blob);
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
        return folders;
    }

    private async Task<string> ReadTextAsync(string name, CancellationToken cancellationToken)
    {
        await using var download = await blobs.OpenReadAsync(WorkArea.DatasetsContainer, name, cancellationToken: cancellationToken)
            ?? throw new SpecException($"{name} disappeared while reading it.");
        using var reader = new StreamReader(download.Content);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
