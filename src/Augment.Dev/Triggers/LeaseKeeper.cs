using Azure;
using Azure.Storage.Blobs.Specialized;

namespace Augment.Dev.Triggers;

/// <summary>
/// Renews a held blob lease every <c>period</c> (on the injected clock) until disposed. A renewal that fails sets
/// <see cref="IsLost"/> and stops renewing: the holder must then not write as if it still held the lease.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private int _lost;

    private LeaseKeeper(BlobLeaseClient lease, TimeSpan period, TimeProvider time)
    {
        _renewing = RenewAsync(lease, period, time, _stop.Token);
    }

    /// <summary>True once a renewal failed (the lease expired or was broken).</summary>
    public bool IsLost => Volatile.Read(ref _lost) == 1;

    /// <summary>Starts renewing <paramref name="lease"/>, which the caller holds.</summary>
    public static LeaseKeeper Start(BlobLeaseClient lease, TimeSpan period, TimeProvider time) => new(lease, period, time);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        _stop.Dispose();
    }

    private async Task RenewAsync(BlobLeaseClient lease, TimeSpan period, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await lease.RenewAsync(cancellationToken: cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (RequestFailedException)
        {
            Volatile.Write(ref _lost, 1);
        }
    }
}
