using System.Net;

namespace Augment.Storage;

public sealed partial class InMemoryBlobStore
{
    /// <inheritdoc/>
    public Task<string> AcquireLeaseAsync(string container, string name, TimeSpan? duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default)
    {
        StorageNames.ValidateLeaseDuration(duration);
        if (proposedLeaseId is not null)
        {
            StorageNames.ValidateLeaseId(proposedLeaseId);
        }

        lock (_gate)
        {
            var blobs = Container(container);
            if (!blobs.TryGetValue(name, out var entry))
            {
                throw StorageErrors.BlobNotFound(container, name);
            }

            var now = _time.GetUtcNow();
            if (entry.Lease is { } held && held.IsActive(now) && !string.Equals(held.Id, proposedLeaseId, StringComparison.OrdinalIgnoreCase))
            {
                throw new StorageConflictException(HttpStatusCode.Conflict, "LeaseAlreadyPresent", $"Blob '{container}/{name}' is already leased.");
            }

            var lease = new LeaseState(proposedLeaseId ?? Guid.NewGuid().ToString(), duration, now + (duration ?? TimeSpan.Zero));
            blobs[name] = entry with { Lease = lease };
            return Task.FromResult(lease.Id);
        }
    }

    /// <inheritdoc/>
    public Task RenewLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leaseId);
        lock (_gate)
        {
            var blobs = Container(container);
            if (!blobs.TryGetValue(name, out var entry))
            {
                throw StorageErrors.BlobNotFound(container, name);
            }

            // Like the service, a lease can be renewed after it expired as long as nobody else took or broke it.
            if (entry.Lease is not { } held || !string.Equals(held.Id, leaseId, StringComparison.OrdinalIgnoreCase))
            {
                throw new StorageConflictException(HttpStatusCode.Conflict, "LeaseIdMismatchWithLeaseOperation", $"Lease '{leaseId}' is not the lease on '{container}/{name}'.");
            }

            var now = _time.GetUtcNow();
            blobs[name] = entry with { Lease = held with { Expires = now + (held.Duration ?? TimeSpan.Zero) } };
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc/>
    public Task ReleaseLeaseAsync(string container, string name, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leaseId);
        lock (_gate)
        {
            // Releasing is idempotent: a missing blob, no lease, or a lease someone took after ours expired all
            // mean our lease is already gone.
            if (TryGet(container, name, out var entry)
                && entry.Lease is { } held
                && string.Equals(held.Id, leaseId, StringComparison.OrdinalIgnoreCase))
            {
                _containers[container][name] = entry with { Lease = null };
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Checks a write against the blob's lease; returns the lease the new version keeps.</summary>
    private LeaseState? CheckWriteLease(Entry entry, string? leaseId)
    {
        var active = entry.Lease is { } held && held.IsActive(_time.GetUtcNow()) ? entry.Lease : null;
        if (active is null)
        {
            if (leaseId is not null)
            {
                throw new StorageConflictException(HttpStatusCode.PreconditionFailed, "LeaseNotPresentWithBlobOperation", "There is currently no lease on the blob.");
            }

            return null;
        }

        if (leaseId is null)
        {
            throw new StorageConflictException(HttpStatusCode.PreconditionFailed, "LeaseIdMissing", "There is currently a lease on the blob and no lease ID was specified.");
        }

        if (!string.Equals(active.Id, leaseId, StringComparison.OrdinalIgnoreCase))
        {
            throw new StorageConflictException(HttpStatusCode.PreconditionFailed, "LeaseIdMismatchWithBlobOperation", "The lease ID specified did not match the lease ID for the blob.");
        }

        return active;
    }

    private sealed record LeaseState(string Id, TimeSpan? Duration, DateTimeOffset Expires)
    {
        public bool IsActive(DateTimeOffset now) => Duration is null || now < Expires;
    }
}
