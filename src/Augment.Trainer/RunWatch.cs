using Augment.Durable;

namespace Augment.Trainer;

/// <summary>
/// Stops the trainer when its run ends without it: terminating an orchestration stops the orchestrator, not the job it
/// started, so the trainer itself polls the run's status through the durable client and cancels its work once the run is
/// Terminated, Failed or Canceled (it then exits 143 like on SIGTERM). This works for every runner (local process or
/// Container Apps job) without the host having to outlive the run.
/// </summary>
internal static class RunWatch
{
    /// <summary>Environment variable: seconds between status checks (default 2; 0 turns the watch off).</summary>
    public const string IntervalVariable = "AUGMENT_TRAINER_WATCH_SECONDS";

    /// <summary>Polls until <paramref name="cancellationToken"/> is cancelled; calls <paramref name="onEnded"/> with the run's status when it ended.</summary>
    public static async Task WatchAsync(DurableTaskClient client, string runId, TimeSpan interval, Action<OrchestrationRuntimeStatus> onEnded, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, cancellationToken).ConfigureAwait(false);
                OrchestrationMetadata? run;
                try
                {
                    run = await client.GetInstanceAsync(runId, false, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is Storage.StorageException or IOException)
                {
                    continue; // a storage hiccup is not a reason to stop training
                }

                if (run is { RuntimeStatus: OrchestrationRuntimeStatus.Terminated or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Canceled })
                {
                    onEnded(run.RuntimeStatus);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // training finished first
        }
    }
}
