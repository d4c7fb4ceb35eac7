using System.Net.Http.Json;
using System.Text.Json;
using Augment.Pipeline.Training;

namespace Augment.Trainer;

/// <summary>
/// Stops the trainer when its run ends without it: terminating an orchestration stops the orchestrator, not the job it
/// started, so the trainer itself polls the run's status and cancels its work once the run is Terminated, Failed or
/// Canceled (it then exits 143 like on SIGTERM). The URL is either the Durable Functions HTTP API's
/// <c>GET /runtime/webhooks/durabletask/instances/{runId}</c> (the local host) or the app's management route
/// <c>GET /api/augmentations/{runId}</c> (Azure: it takes a host key, the webhook wants the extension's system key); both
/// answer the same status body and have <c>…/raiseEvent/{name}</c> beside them. This works for every runner (local
/// process or Container Apps job) without the host having to outlive the run.
/// </summary>
internal static class RunWatch
{
    /// <summary>Environment variable: seconds between status checks (default 2; 0 turns the watch off).</summary>
    public const string IntervalVariable = "AUGMENT_TRAINER_WATCH_SECONDS";

    /// <summary>
    /// Environment variable: the run's status URL, with <c>{runId}</c> where the instance id goes and the key as
    /// <c>code=</c> (the runner sets it). Unset: no watch.
    /// </summary>
    public const string StatusUrlVariable = TrainingEvents.RunStatusUrlVariable;

    /// <summary>The statuses that end a run.</summary>
    private static readonly string[] Ended = ["Terminated", "Failed", "Canceled"];

    /// <summary>Polls until <paramref name="cancellationToken"/> is cancelled; calls <paramref name="onEnded"/> with the run's status when it ended.</summary>
    /// <param name="status">Reads the run's <c>runtimeStatus</c> (null when unknown or unreachable).</param>
    /// <param name="interval">Time between reads.</param>
    /// <param name="onEnded">Called once with the status that ended the run.</param>
    /// <param name="time">The clock the waits run on.</param>
    /// <param name="cancellationToken">Cancelled when training is over.</param>
    public static async Task WatchAsync(Func<CancellationToken, Task<string?>> status, TimeSpan interval, Action<string> onEnded, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
                var current = await status(cancellationToken).ConfigureAwait(false);
                if (current is not null && Ended.Contains(current, StringComparer.OrdinalIgnoreCase))
                {
                    onEnded(current);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // training finished first
        }
    }

    /// <summary>Reads <c>runtimeStatus</c> from the status URL; null on any network or format problem (a hiccup is not a reason to stop training).</summary>
    public static Func<CancellationToken, Task<string?>> OverHttp(HttpClient http, Uri url) => async cancellationToken =>
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode && (int)response.StatusCode != 202)
            {
                return null;
            }

            using var body = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken).ConfigureAwait(false);
            return body?.RootElement is { ValueKind: JsonValueKind.Object } root
                && root.TryGetProperty("runtimeStatus", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or NotSupportedException or InvalidOperationException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    };

    /// <summary>
    /// The run's raise-event URL next to its status URL, as the Durable Functions HTTP API lays them out:
    /// <c>…/instances/{id}?code=k</c> → <c>…/instances/{id}/raiseEvent/{eventName}?code=k</c>.
    /// </summary>
    public static Uri EventUrl(Uri statusUrl, string eventName)
    {
        ArgumentNullException.ThrowIfNull(statusUrl);
        var builder = new UriBuilder(statusUrl);
        builder.Path = builder.Path.TrimEnd('/') + "/raiseEvent/" + Uri.EscapeDataString(eventName);
        return builder.Uri;
    }

    /// <summary>Raises an event with a JSON payload; false on any network or HTTP failure (best effort: the result blob is the record).</summary>
    public static async Task<bool> RaiseAsync(HttpClient http, Uri url, string json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
