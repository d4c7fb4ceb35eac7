using Azure;
using Azure.Storage.Blobs.Specialized;

namespace Augment.Storage;

internal sealed partial class AzureBlobStore
{
    /// <inheritdoc/>
    public async Task<string> AcquireLeaseAsync(string container, string name, TimeSpan? duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateLeaseDuration(duration);
        if (proposedLeaseId is not null)
        {
            StorageNames.ValidateLeaseId(proposedLeaseId);
        }

        // Without a proposed id the SDK proposes a fresh GUID (the REST client let the service choose one).
        var lease = Blob(container, name).GetBlobLeaseClient(proposedLeaseId);
        try
        {
            var response = await lease.AcquireAsync(duration ?? BlobLeaseClient.InfiniteLeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.Value.LeaseId;
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.Failure(ex, $"Acquire lease on '{container}/{name}'");
        }
    }

    /// <inheritdoc/>
    public async Task RenewLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leaseId);
        var lease = Blob(container, name).GetBlobLeaseClient(leaseId);
        try
        {
            await lease.RenewAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.Failure(ex, $"Renew lease on '{container}/{name}'");
        }
    }

    /// <inheritdoc/>
    /// <remarks>Idempotent: a missing blob, no lease, or a lease someone took after ours expired all count as released.</remarks>
    public async Task ReleaseLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leaseId);
        var lease = Blob(container, name).GetBlobLeaseClient(leaseId);
        try
        {
            await lease.ReleaseAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404
            || (ex.Status == 409 && ex.ErrorCode is "LeaseIdMismatchWithLeaseOperation" or "LeaseNotPresentWithLeaseOperation"))
        {
            // Already released.
        }
        catch (RequestFailedException ex) when (AzureErrors.HasStatus(ex))
        {
            throw AzureErrors.Failure(ex, $"Release lease on '{container}/{name}'");
        }
    }
}
