using Azure.Core;

namespace Augment.Storage;

public sealed partial class BlobRestClient
{
    /// <inheritdoc/>
    public async Task<string> AcquireLeaseAsync(string container, string name, TimeSpan? duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateLeaseDuration(duration);
        if (proposedLeaseId is not null)
        {
            StorageNames.ValidateLeaseId(proposedLeaseId);
        }

        using var message = LeaseMessage(container, name, "acquire");
        message.Request.Headers.SetValue("x-ms-lease-duration", FormatSeconds(duration));
        if (proposedLeaseId is not null)
        {
            message.Request.Headers.SetValue("x-ms-proposed-lease-id", proposedLeaseId);
        }

        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return response.Status == 201 && Header(response, "x-ms-lease-id") is { } leaseId
            ? leaseId
            : throw StoragePipeline.Failure(response, $"Acquire lease on '{container}/{name}'");
    }

    /// <inheritdoc/>
    public async Task RenewLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leaseId);
        using var message = LeaseMessage(container, name, "renew");
        message.Request.Headers.SetValue("x-ms-lease-id", leaseId);
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw StoragePipeline.Failure(response, $"Renew lease on '{container}/{name}'");
        }
    }

    /// <inheritdoc/>
    /// <remarks>Idempotent: a missing blob, no lease, or a lease someone took after ours expired all count as released.</remarks>
    public async Task ReleaseLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leaseId);
        using var message = LeaseMessage(container, name, "release");
        message.Request.Headers.SetValue("x-ms-lease-id", leaseId);
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var gone = response.Status == 404
            || (response.Status == 409 && StoragePipeline.ErrorCode(response) is "LeaseIdMismatchWithLeaseOperation" or "LeaseNotPresentWithLeaseOperation");
        if (response.Status != 200 && !gone)
        {
            throw StoragePipeline.Failure(response, $"Release lease on '{container}/{name}'");
        }
    }

    private HttpMessage LeaseMessage(string container, string name, string action)
    {
        var message = _pipeline.Create(RequestMethod.Put, BlobPath(container, name), ("comp", "lease"));
        message.Request.Headers.SetValue("x-ms-lease-action", action);
        return message;
    }
}
