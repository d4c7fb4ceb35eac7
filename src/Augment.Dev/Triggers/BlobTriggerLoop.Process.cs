using System.Text.Json;
using Azure;

namespace Augment.Dev.Triggers;

internal sealed partial class BlobTriggerLoop
{
    /// <summary>
    /// Handles one blob version: claim its receipt, then up to <see cref="BlobTriggerOptions.MaxAttempts"/> attempts
    /// (each preceded by the host's ETag re-check and recorded on the receipt), then complete the receipt: after a
    /// success, after poisoning, or when the blob changed or went away. A version left unclaimed (busy) or interrupted
    /// (stop, storage error) is not settled, so a later scan takes it up again.
    /// </summary>
    private async Task ProcessAsync(BlobVersion version, CancellationToken cancellationToken)
    {
        try
        {
            await _slots.WaitAsync(cancellationToken);
            try
            {
                await ProcessClaimedAsync(version, cancellationToken);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogInterrupted(_logger, _options.FunctionName, version.Name, version.ETagText);
        }
        catch (Exception ex)
        {
            LogProcessingFailed(_logger, _options.FunctionName, version.Name, version.ETagText, ex);
        }
        finally
        {
            _inFlight.TryRemove(version.ReceiptName, out _);
        }
    }

    private async Task ProcessClaimedAsync(BlobVersion version, CancellationToken cancellationToken)
    {
        var (outcome, claim) = await ClaimAsync(_hosts.GetBlobClient(version.ReceiptName), cancellationToken);
        if (outcome == ClaimOutcome.AlreadyDone)
        {
            LogAlreadyHandled(_logger, _options.FunctionName, version.Name, version.ETagText);
            _settled[version.Name] = version.ETag;
            return;
        }

        if (claim is null)
        {
            LogBusy(_logger, _options.FunctionName, version.Name, version.ETagText);
            return;
        }

        try
        {
            await using var keeper = LeaseKeeper.Start(claim.Lease, _options.ReceiptLease / 3, _time);
            await RunAttemptsAsync(version, claim, keeper, cancellationToken);
        }
        finally
        {
            await ReleaseAsync(claim.Lease);
        }
    }

    private async Task RunAttemptsAsync(BlobVersion version, Claim claim, LeaseKeeper keeper, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(version.Name);
        var attempts = claim.Attempts;
        while (true)
        {
            var current = await TryGetPropertiesAsync(blob, null, cancellationToken);
            if (current is null || current.ETag != version.ETag)
            {
                // The host drops the message: a newer version has its own receipt; a deleted blob has nothing left.
                LogDropped(_logger, _options.FunctionName, version.Name, version.ETagText, current is null ? "it was deleted" : "it changed");
                await SettleAsync(version, claim, attempts, cancellationToken);
                return;
            }

            if (attempts >= _options.MaxAttempts)
            {
                // Attempts were used up by a run that died before it could poison the version.
                await PoisonAsync(version, claim, attempts, $"{attempts} attempts already made before an interruption", cancellationToken);
                return;
            }

            attempts++;
            await SetAttemptsAsync(claim, attempts, cancellationToken);
            try
            {
                await _callback(new BlobTriggerInvocation(blob, _container.Name, version.Name, version.BindingData, version.ETag, attempts), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped, not failed: give the attempt back for whoever takes the receipt up next.
                await SetAttemptsAsync(claim, attempts - 1, CancellationToken.None);
                throw;
            }
            catch (Exception ex)
            {
                LogAttemptFailed(_logger, _options.FunctionName, version.Name, version.ETagText, attempts, _options.MaxAttempts, ex);
                if (attempts >= _options.MaxAttempts)
                {
                    await PoisonAsync(version, claim, attempts, $"{ex.GetType().Name}: {ex.Message}", cancellationToken);
                    return;
                }

                if (_options.RetryDelay > TimeSpan.Zero)
                {
                    await Task.Delay(_options.RetryDelay, _time, cancellationToken);
                }

                continue;
            }

            if (keeper.IsLost)
            {
                // The receipt's lease ran out while the callback ran: another scanner may run it again. Say so.
                LogLeaseLost(_logger, _options.FunctionName, version.Name, version.ETagText);
            }

            LogSucceeded(_logger, _options.FunctionName, version.Name, version.ETagText, attempts);
            await SettleAsync(version, claim, attempts, cancellationToken);
            return;
        }
    }

    /// <summary>The host's poison step: the version's message goes to the poison queue, then the receipt is completed.</summary>
    private async Task PoisonAsync(BlobVersion version, Claim claim, int attempts, string reason, CancellationToken cancellationToken)
    {
        var message = new BlobTriggerMessage("BlobTrigger", _options.FunctionId, version.BlobType, _container.Name, version.Name, version.ETagText);
        await _poisonQueue.SendMessageAsync(JsonSerializer.Serialize(message, BlobTriggerJsonContext.Default.BlobTriggerMessage), cancellationToken);
        LogPoisoned(_logger, _options.FunctionName, version.Name, version.ETagText, attempts, _poisonQueue.Name, reason);
        await SettleAsync(version, claim, attempts, cancellationToken);
    }

    private async Task SettleAsync(BlobVersion version, Claim claim, int attempts, CancellationToken cancellationToken)
    {
        try
        {
            await CompleteAsync(claim, attempts, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Receipt deleted (a deliberate re-run) or lease lost: the host does not complete it either.
            LogLeaseLost(_logger, _options.FunctionName, version.Name, version.ETagText);
        }

        _settled[version.Name] = version.ETag;
    }
}
