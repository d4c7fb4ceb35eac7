using System.Text.Json;
using Augment.Storage;

namespace Augment.LocalHost.Timers;

public sealed partial class TimerTriggerListener
{
    /// <summary>The status blob as stored, or null.</summary>
    internal async Task<TimerStatus?> ReadStatusAsync(CancellationToken cancellationToken)
    {
        await using var download = await _blobs.OpenReadAsync(HostsContainer, _options.StatusBlob, null, cancellationToken);
        if (download is null)
        {
            return null;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync(download.Content, TimerJsonContext.Default.TimerStatus, cancellationToken);
        }
        catch (JsonException ex)
        {
            LogBadStatus(_logger, _options.FunctionName, ex.Message);
            return null;
        }
    }

    private async Task WriteStatusAsync(TimerStatus status, CancellationToken cancellationToken)
    {
        _status = status;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(status, TimerJsonContext.Default.TimerStatus);
        await _blobs.UploadAsync(HostsContainer, _options.StatusBlob, new MemoryStream(bytes), new BlobWriteOptions { ContentType = "application/json" }, cancellationToken);
    }

    /// <summary>
    /// The schedule monitor's check when the listener starts: no status → write an initial one (not past due); a stored
    /// <c>Next</c> that no longer follows from <c>Last</c> (the schedule was edited) → recomputed, not past due;
    /// otherwise past due when <paramref name="now"/> is after the stored <c>Next</c>.
    /// </summary>
    private async Task<bool> CheckPastDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var status = await ReadStatusAsync(cancellationToken);
        if (status is null)
        {
            await WriteStatusAsync(new TimerStatus(DateTimeOffset.MinValue, Next(now), now), cancellationToken);
            return false;
        }

        var expected = status.Last != DateTimeOffset.MinValue ? Next(status.Last)
            : status.LastUpdated != DateTimeOffset.MinValue ? Next(status.LastUpdated)
            : status.Next;
        if (status.Next != expected)
        {
            await WriteStatusAsync(status with { Next = expected > now ? expected : Next(now), LastUpdated = now }, cancellationToken);
            return false;
        }

        _status = status;
        return now > status.Next;
    }
}
