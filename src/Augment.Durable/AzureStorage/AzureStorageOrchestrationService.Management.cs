using Augment.Durable.Engine;

namespace Augment.Durable;

public sealed partial class AzureStorageOrchestrationService
{
    /// <inheritdoc/>
    /// <remarks>
    /// Scans the state blobs in name order (the RuntimeStatus metadata filters without a read); the continuation token
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
                if ((after is not null && string.CompareOrdinal(blob.Name, after) <= 0) || !StatusMatches(query, blob.Metadata))
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

    private static bool StatusMatches(InstanceQuery query, IReadOnlyDictionary<string, string> metadata) =>
        query.RuntimeStatus is not { Count: > 0 } statuses
        || !metadata.TryGetValue(StatusMetadata, out var status)
        || !Enum.TryParse<OrchestrationRuntimeStatus>(status, out var parsed)
        || statuses.Contains(parsed);
}
