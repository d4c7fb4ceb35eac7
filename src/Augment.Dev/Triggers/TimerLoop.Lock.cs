using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace Augment.Dev.Triggers;

internal sealed partial class TimerLoop
{
    private BlobLeaseClient? _lease;
    private LeaseKeeper? _keeper;

    /// <summary>Takes the singleton lock (a lease on the lock blob, created empty if missing) unless another host holds it.</summary>
    internal async Task<bool> TryAcquireLockAsync(CancellationToken cancellationToken)
    {
        var lockBlob = _hosts.GetBlobClient(_options.LockBlobName);
        try
        {
            await lockBlob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Exists already (possibly leased): fine.
        }

        var lease = lockBlob.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(_options.LockPeriod, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }

        _lease = lease;
        _keeper = LeaseKeeper.Start(lease, _options.LockPeriod / 3, _time);
        LogLock(_logger, _options.FunctionName, "acquired");
        return true;
    }

    /// <summary>True when the lease was held but a renewal failed (it expired or was broken): the lock is gone.</summary>
    private bool LockLost => _keeper?.IsLost ?? false;

    /// <summary>Stops renewing; the lease itself is left to expire (it may already belong to another host).</summary>
    private async Task DropLostLockAsync()
    {
        LogLock(_logger, _options.FunctionName, "lost");
        await StopRenewingAsync();
        _lease = null;
    }

    private async Task StopRenewingAsync()
    {
        if (_keeper is { } keeper)
        {
            _keeper = null;
            await keeper.DisposeAsync();
        }
    }

    private async Task ReleaseLockAsync()
    {
        if (_lease is not { } lease)
        {
            return;
        }

        _lease = null;
        await StopRenewingAsync();
        try
        {
            await lease.ReleaseAsync(cancellationToken: CancellationToken.None);
            LogLock(_logger, _options.FunctionName, "released");
        }
        catch (RequestFailedException)
        {
            // It expires on its own.
        }
    }
}
