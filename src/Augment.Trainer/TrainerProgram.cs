using System.Collections;
using Augment.Durable;
using Augment.Durable.AzureStorage;
using Augment.Pipeline.Training;
using Augment.Storage;

namespace Augment.Trainer;

/// <summary>
/// The trainer's main: job spec from the first argument or <c>AUGMENT_JOB_SPEC</c>; storage and task hub from the
/// same settings as the function app; trains, then raises <c>TrainingCompleted</c> or <c>TrainingFailed</c> on the run.
/// Exit codes: 0 trained, 1 failed (reason on stderr, one line), 2 bad configuration, 143 stopped by SIGTERM.
/// </summary>
internal static class TrainerProgram
{
    public static async Task<int> RunAsync(string[] args, IDictionary environment, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string? Setting(string name) => environment[name] as string is { Length: > 0 } value ? value : null;
        var reference = args.Length > 0 ? args[0] : Setting(TrainingEvents.JobSpecVariable);
        var connection = Setting(AppSettings.Storage);
        if (reference is null || connection is null)
        {
            await error.WriteLineAsync($"trainer: {(reference is null ? $"no job spec (argument or {TrainingEvents.JobSpecVariable})" : $"{AppSettings.Storage} is not set")}").ConfigureAwait(false);
            return 2;
        }

        DurableTaskOptions options;
        IBlobStore blobs;
        IQueueStore queues;
        try
        {
            options = new DurableTaskOptions { TaskHub = Setting(AppSettings.TaskHub) ?? "augment", PartitionCount = int.Parse(Setting(AppSettings.PartitionCount) ?? "4", System.Globalization.CultureInfo.InvariantCulture) };
            options.Validate();
            (blobs, queues) = StorageClients.FromConnectionString(connection);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            await error.WriteLineAsync($"trainer: bad configuration: {OneLine(ex.Message)}").ConfigureAwait(false);
            return 2;
        }

        var client = new DurableTaskClient(new AzureStorageOrchestrationService(blobs, queues, options));
        var device = GpuProbe.Describe();
        TrainingJobSpec? spec = null;
        OrchestrationRuntimeStatus? runEnded = null;
        try
        {
            spec = await TrainerJob.ReadSpecAsync(blobs, reference, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"trainer: run {spec.RunId}, model {spec.Model}, seed {spec.Seed}, device {device}").ConfigureAwait(false);
            using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watchSeconds = int.Parse(Setting(RunWatch.IntervalVariable) ?? "2", System.Globalization.CultureInfo.InvariantCulture);
            var watch = watchSeconds <= 0 ? Task.CompletedTask : RunWatch.WatchAsync(client, spec.RunId, TimeSpan.FromSeconds(watchSeconds), status =>
            {
                runEnded = status;
                work.Cancel();
            }, work.Token);
            TrainingMetrics metrics;
            try
            {
                metrics = await TrainerJob.RunAsync(blobs, spec, device, TimeProvider.System, work.Token).ConfigureAwait(false);
            }
            finally
            {
                await work.CancelAsync().ConfigureAwait(false);
                await watch.ConfigureAwait(false);
            }

            await client.RaiseEventAsync(spec.RunId, TrainingEvents.Completed, metrics, CancellationToken.None).ConfigureAwait(false);
            await output.WriteLineAsync($"trainer: trained {metrics.ModelKind} on {metrics.TrainRows} rows in {metrics.Seconds:F2} s; raised {TrainingEvents.Completed}").ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex)
        {
            var stopped = (cancellationToken.IsCancellationRequested || runEnded is not null) && ex is OperationCanceledException;
            var reason = !stopped ? OneLine($"{ex.GetType().Name}: {ex.Message}")
                : runEnded is { } status ? $"trainer stopped: run {spec?.RunId} is {status}" : "trainer stopped by SIGTERM";
            if (spec is not null && runEnded is null)
            {
                await ReportFailureAsync(blobs, client, spec.RunId, reason).ConfigureAwait(false);
            }

            await error.WriteLineAsync($"trainer: {reason}").ConfigureAwait(false);
            return stopped ? 143 : 1;
        }
    }

    private static async Task ReportFailureAsync(IBlobStore blobs, DurableTaskClient client, string runId, string reason)
    {
        // Best effort with a fresh token: the run's token may be the one that was cancelled.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await TrainerJob.ReportAsync(blobs, runId, new TrainingProgress("failed", TimeProvider.System.GetUtcNow(), reason), timeout.Token).ConfigureAwait(false);
            await client.RaiseEventAsync(runId, TrainingEvents.Failed, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StorageException or OperationCanceledException or IOException)
        {
            // The orchestration's job-status polling still sees the non-zero exit.
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
