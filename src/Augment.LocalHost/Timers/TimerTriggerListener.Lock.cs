using Augment.Storage;

namespace Augment.LocalHost.Timers;

public sealed partial class TimerTriggerListener
{
    private string? _leaseId;

    /// <summary>Takes the singleton lock if no other host holds it.</summary>
    internal async Task<bool> TryAcquireLockAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _blobs.UploadAsync(HostsContainer, _options.LockBlob, Stream.Null, BlobWriteOptions.CreateOnly, cancellationToken);
        }
        catch (StorageConflictException)
        {
            // Exists already (possibly leased): fine.
        }

        try
        {
            _leaseId = await _blobs.AcquireLeaseAsync(HostsContainer, _options.LockBlob, _options.LockPeriod, cancellationToken: cancellationToken);
            LogLock(_logger, _options.FunctionName, "acquired");
            return true;
        }
        catch (StorageConflictException)
        {
            return false;
        }
    }

    private async Task<bool> RenewLockAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _blobs.RenewLeaseAsync(HostsContainer, _options.LockBlob, _leaseId!, cancellationToken);
            return true;
        }
        catch (StorageConflictException)
        {
            LogLock(_logger, _options.FunctionName, "lost");
            _leaseId = null;
            return false;
        }
    }

    private async Task ReleaseLockAsync()
    {
        if (_leaseId is not { } lease)
        {
            return;
        }

        _leaseId = null;
        try
        {
            await _blobs.ReleaseLeaseAsync(HostsContainer, _options.LockBlob, lease);
            LogLock(_logger, _options.FunctionName, "released");
        }
        catch (StorageException)
        {
            // Expires on its own.
        }
    }
}
