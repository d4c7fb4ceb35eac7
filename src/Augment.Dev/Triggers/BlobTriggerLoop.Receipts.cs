using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Augment.Dev.Triggers;

internal sealed partial class BlobTriggerLoop
{
    /// <summary>The receipt's metadata key while the version is not handled yet (the host's <c>BlobReceipt</c>).</summary>
    internal const string IncompleteKey = "Incomplete";

    /// <summary>Our addition to the receipt: attempts made so far, so a crash does not reset the count.</summary>
    internal const string AttemptsKey = "Attempts";

    /// <summary>
    /// <c>blobreceipts/{hostId}/{functionId}/{etag}/{container}/{blobName}</c>: the ETag (as the SDK's
    /// <c>ETag.ToString()</c> writes a blob's properties' ETag, quotes included, like the host) goes before the name
    /// because names contain <c>/</c>.
    /// </summary>
    internal string ReceiptName(string blobName, ETag etag) =>
        $"blobreceipts/{_options.HostId}/{_options.FunctionId}/{etag}/{_container.Name}/{blobName}";

    /// <summary>
    /// The host's claim (<c>BlobTriggerExecutor</c>): a completed receipt means done; no receipt → create an
    /// incomplete one with <c>If-None-Match: *</c> (losing that race means another scanner has it: try next scan);
    /// then lease it (held → busy) and re-read it under the lease.
    /// </summary>
    private async Task<(ClaimOutcome Outcome, Claim? Claim)> ClaimAsync(BlobClient receipt, CancellationToken cancellationToken)
    {
        var existing = await TryGetPropertiesAsync(receipt, null, cancellationToken);
        if (existing is not null && !existing.Metadata.ContainsKey(IncompleteKey))
        {
            return (ClaimOutcome.AlreadyDone, null);
        }

        if (existing is null)
        {
            try
            {
                await receipt.UploadAsync(
                    BinaryData.Empty,
                    new BlobUploadOptions
                    {
                        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                        Metadata = new Dictionary<string, string> { [IncompleteKey] = IncompleteKey },
                    },
                    cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                return (ClaimOutcome.Busy, null);
            }
        }

        var lease = receipt.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(_options.ReceiptLease, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 404)
        {
            return (ClaimOutcome.Busy, null);
        }

        var leased = await TryGetPropertiesAsync(receipt, lease.LeaseId, cancellationToken);
        if (leased is null || !leased.Metadata.ContainsKey(IncompleteKey))
        {
            await ReleaseAsync(lease);
            return (ClaimOutcome.AlreadyDone, null);
        }

        var attempts = leased.Metadata.TryGetValue(AttemptsKey, out var text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;
        return (ClaimOutcome.Claimed, new Claim(receipt, lease, attempts));
    }

    /// <summary>Records the attempt count on the receipt (still incomplete), under the lease.</summary>
    private static Task SetAttemptsAsync(Claim claim, int attempts, CancellationToken cancellationToken) =>
        claim.Receipt.SetMetadataAsync(
            new Dictionary<string, string> { [IncompleteKey] = IncompleteKey, [AttemptsKey] = attempts.ToString(CultureInfo.InvariantCulture) },
            new BlobRequestConditions { LeaseId = claim.Lease.LeaseId },
            cancellationToken);

    /// <summary>Marks the receipt complete (removes <c>Incomplete</c>, keeps the attempt count), under the lease.</summary>
    private static Task CompleteAsync(Claim claim, int attempts, CancellationToken cancellationToken) =>
        claim.Receipt.SetMetadataAsync(
            new Dictionary<string, string> { [AttemptsKey] = attempts.ToString(CultureInfo.InvariantCulture) },
            new BlobRequestConditions { LeaseId = claim.Lease.LeaseId },
            cancellationToken);

    /// <summary>Releases a receipt lease; one already gone (expired, taken, receipt deleted) is fine.</summary>
    private static async Task ReleaseAsync(BlobLeaseClient lease)
    {
        try
        {
            await lease.ReleaseAsync(cancellationToken: CancellationToken.None);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
        }
    }

    private static async Task<BlobProperties?> TryGetPropertiesAsync(BlobClient blob, string? leaseId, CancellationToken cancellationToken)
    {
        try
        {
            var conditions = leaseId is null ? null : new BlobRequestConditions { LeaseId = leaseId };
            return (await blob.GetPropertiesAsync(conditions, cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private enum ClaimOutcome
    {
        /// <summary>This loop holds the receipt's lease and the version is not handled yet.</summary>
        Claimed,

        /// <summary>The receipt is complete: the version was handled (by anyone).</summary>
        AlreadyDone,

        /// <summary>Another scanner holds it now; try again next scan.</summary>
        Busy,
    }

    /// <summary>A leased, incomplete receipt and the attempts already made on its version.</summary>
    private sealed record Claim(BlobClient Receipt, BlobLeaseClient Lease, int Attempts);
}
