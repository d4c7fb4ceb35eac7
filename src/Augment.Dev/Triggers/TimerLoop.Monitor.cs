using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;

namespace Augment.Dev.Triggers;

internal sealed partial class TimerLoop
{
    /// <summary>The status blob as stored, or null (missing, or unreadable: logged, then treated as missing).</summary>
    internal async Task<TimerScheduleStatus?> ReadStatusAsync(CancellationToken cancellationToken)
    {
        BinaryData content;
        try
        {
            content = (await _hosts.GetBlobClient(_options.StatusBlobName).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(content, TimerJsonContext.Default.TimerScheduleStatus);
        }
        catch (JsonException ex)
        {
            LogBadStatus(_logger, _options.FunctionName, _options.StatusBlobName, ex.Message);
            return null;
        }
    }

    private async Task WriteStatusAsync(TimerScheduleStatus status, CancellationToken cancellationToken)
    {
        _status = status;
        var json = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(status, TimerJsonContext.Default.TimerScheduleStatus));
        await _hosts.GetBlobClient(_options.StatusBlobName).UploadAsync(
            json, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellationToken);
    }

    /// <summary>
    /// The schedule monitor's check when this host takes the schedule (the host's <c>ScheduleMonitor.CheckPastDueAsync</c>):
    /// no status → write an initial one (not past due); a stored <c>Next</c> that no longer follows from <c>Last</c>
    /// (or, before the first run, from <c>LastUpdated</c>) means the schedule was edited → recomputed, not past due.
    /// The caller treats <paramref name="now"/> after the returned <c>Next</c> as past due.
    /// </summary>
    private async Task<TimerScheduleStatus> CheckPastDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var status = await ReadStatusAsync(cancellationToken);
        if (status is null)
        {
            await WriteStatusAsync(new TimerScheduleStatus(DateTimeOffset.MinValue, Next(now), now), cancellationToken);
            return _status!;
        }

        var expected = status.Last != DateTimeOffset.MinValue ? Next(status.Last)
            : status.LastUpdated != DateTimeOffset.MinValue ? Next(status.LastUpdated)
            : status.Next;
        if (status.Next != expected)
        {
            LogScheduleChanged(_logger, _options.FunctionName, status.Next, expected);
            await WriteStatusAsync(status with { Next = expected > now ? expected : Next(now), LastUpdated = now }, cancellationToken);
            return _status!;
        }

        _status = status;
        return status;
    }
}
