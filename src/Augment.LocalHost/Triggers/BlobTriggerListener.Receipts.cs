using System.Text.Json;
using Augment.Storage;

namespace Augment.LocalHost.Triggers;

public sealed partial class BlobTriggerListener
{
    private const string IncompleteKey = "Incomplete";

    /// <summary>The receipt blob name for one blob version (the ETag, without quotes, before the blob's name).</summary>
    internal string ReceiptName(string blobName, ETag etag) =>
        $"blobreceipts/{_options.HostId}/{_options.FunctionId}/{etag.Value.Trim('"')}/{_options.Container}/{blobName}";

    /// <summary>
    /// Receipt protocol: create an <c>Incomplete</c> receipt with <c>If-None-Match: *</c> (exactly one scanner wins),
    /// enqueue the execution message, then mark the receipt complete. A receipt left incomplete by a crashed scanner
    /// is taken over (with an ETag-guarded write) after <see cref="BlobTriggerOptions.ReceiptTakeover"/>.
    /// "Complete" means enqueued, not processed: the queue carries the at-least-once guarantee from there.
    /// </summary>
    private async Task<bool> TryClaimAsync(BlobInfo blob, CancellationToken cancellationToken)
    {
        var receipt = ReceiptName(blob.Name, blob.ETag);
        var incomplete = new Dictionary<string, string> { [IncompleteKey] = IncompleteKey };
        BlobInfo claimed;
        try
        {
            claimed = await _blobs.UploadAsync(HostsContainer, receipt, Stream.Null, new BlobWriteOptions { IfNoneMatchAny = true, Metadata = incomplete }, cancellationToken);
        }
        catch (StorageConflictException)
        {
            var existing = await _blobs.GetPropertiesAsync(HostsContainer, receipt, cancellationToken);
            if (existing is null || !existing.Metadata.ContainsKey(IncompleteKey) || _time.GetUtcNow() - existing.LastModified < _options.ReceiptTakeover)
            {
                return false;
            }

            try
            {
                claimed = await _blobs.SetMetadataAsync(HostsContainer, receipt, incomplete, existing.ETag, cancellationToken);
            }
            catch (StorageConflictException)
            {
                return false;
            }
        }

        var message = new BlobTriggerMessage("BlobTrigger", _options.FunctionId, "BlockBlob", _options.Container, blob.Name, blob.ETag.Value);
        await _queues.SendAsync(_options.QueueName, JsonSerializer.Serialize(message, BlobTriggerJsonContext.Default.BlobTriggerMessage), cancellationToken: cancellationToken);
        await _blobs.SetMetadataAsync(HostsContainer, receipt, new Dictionary<string, string>(), claimed.ETag, cancellationToken);
        LogEnqueued(_logger, _options.FunctionName, blob.Name, blob.ETag.Value);
        return true;
    }
}
