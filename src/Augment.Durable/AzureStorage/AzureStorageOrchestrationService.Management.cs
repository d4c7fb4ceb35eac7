using Augment.Durable.Engine;
using Augment.Storage;

namespace Augment.Durable;

public sealed partial class AzureStorageOrchestrationService
{
    /// <inheritdoc/>
    /// <remarks>
    /// Scans the state blobs in name order (status and created-time metadata filter without a read); the continuation token
    /// holds the storage marker of the page where this one stopped plus the last id returned.
    /// </remarks>
    public async Task<InstanceStatePage> ListInstancesAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var resume = ListContinuation.Decode(query.ContinuationToken);
        var results = new List<InstanceState>();
        var marker = resume?.StorageMarker;
        var after = resume?.AfterInstanceId;
        do
        {
            var page = await _blobs.ListPageAsync(_layout.InstancesContainer, query.InstanceIdPrefix, marker, cancellationToken: cancellationToken);
            foreach (var blob in page.Items)
            {
                if ((after is not null && string.CompareOrdinal(blob.Name, after) <= 0) || !MetadataMatches(query, blob.Metadata))
                {
                    continue;
                }

                var state = await GetInstanceStateAsync(blob.Name, cancellationToken);
                if (state is null || !query.Matches(state))
                {
                    continue;
                }

                if (results.Count == query.PageSize)
                {
                    // One more match exists: stop here and resume from this storage page after the last id returned.
                    return new InstanceStatePage(results, new ListContinuation(results[^1].InstanceId, marker).Encode());
                }

                results.Add(state);
            }

            marker = page.ContinuationToken;
        }
        while (marker is not null);
        return new InstanceStatePage(results, null);
    }

    /// <inheritdoc/>
    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);

        // History first: a state blob without history is harmless, history without state would leak into a re-created instance.
        await _blobs.DeleteAsync(_layout.HistoryContainer, instanceId, cancellationToken: cancellationToken);
        return await _blobs.DeleteAsync(_layout.InstancesContainer, instanceId, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Our history write succeeded but the state blob's ETag moved since the lock (another worker's older episode wrote
    /// its state late, or the lock read state before that write). As long as the history is still the version we wrote,
    /// our state is the newest projection: overwrite under the state's current ETag. Without this, a lost final state
    /// write would leave a finished instance looking Running until some message arrived.
    /// </summary>
    private async Task RewriteStateAfterConflictAsync(InstanceState state, ETag committedHistory, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var history = await _blobs.GetPropertiesAsync(_layout.HistoryContainer, state.InstanceId, cancellationToken);
            var current = await _blobs.GetPropertiesAsync(_layout.InstancesContainer, state.InstanceId, cancellationToken);
            if (history?.ETag != committedHistory || current is null)
            {
                return; // A newer episode committed (its state supersedes ours), or the instance was purged.
            }

            try
            {
                await WriteStateAsync(state, current.ETag, cancellationToken);
                return;
            }
            catch (StorageConflictException)
            {
                // Raced again: re-check.
            }
        }

        LogStateConflict(_logger, state.InstanceId);
    }

    /// <summary>Filters on blob metadata before reading the blob (a blob without the metadata is read and checked).</summary>
    private static bool MetadataMatches(InstanceQuery query, IReadOnlyDictionary<string, string> metadata)
    {
        if (query.RuntimeStatus is { Count: > 0 } statuses && metadata.TryGetValue(StatusMetadata, out var status)
            && Enum.TryParse<OrchestrationRuntimeStatus>(status, out var parsed) && !statuses.Contains(parsed))
        {
            return false;
        }

        if (metadata.TryGetValue(CreatedMetadata, out var ticksText)
            && long.TryParse(ticksText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks))
        {
            var created = new DateTimeOffset(ticks, TimeSpan.Zero);
            return (query.CreatedFrom is not { } from || created >= from) && (query.CreatedTo is not { } to || created < to);
        }

        return true;
    }
}
