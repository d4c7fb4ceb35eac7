using System.Globalization;
using Microsoft.DurableTask;
using Augment.Pipeline.Activities;
using Augment.Pipeline.Training;

namespace Augment.Pipeline.Orchestrations;

/// <summary>How the orchestration trains through a job runner (monitor pattern).</summary>
public sealed record TrainingJobPolicy
{
    /// <summary>Time between status polls while waiting for the trainer's event. Default 5 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The overall training timeout when the spec has no time budget. Default 2 h.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Added to the spec's time budget for the overall timeout (start-up, reading, saving). Default 10 min.</summary>
    public TimeSpan Margin { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Polls that may find the job finished before its event arrives (the event may still be in flight). Default 2.</summary>
    public int FinishedPollsBeforeFailing { get; init; } = 2;

    /// <summary>
    /// Attempts at starting the job when the failure is the infrastructure's (network, ARM, timeouts), with a durable
    /// timer between them (<see cref="StartRetryInterval"/>, doubling). Default 3; a trainer that started and then failed is never retried.
    /// </summary>
    public int StartAttempts { get; init; } = 3;

    /// <summary>
    /// Polls in a row on which the runner no longer knows the job (state <c>Unknown</c>: a local trainer lost with its
    /// host) before the job is started again, at most <see cref="RestartsWhenLost"/> times. Default 2.
    /// </summary>
    public int UnknownPollsBeforeRestart { get; init; } = 2;

    /// <summary>
    /// A running trainer whose heartbeat is older than this is taken for hung (it rewrites it every
    /// <see cref="Training.TrainerJob.HeartbeatInterval"/>, 15 s, however long its fit): it is stopped and started again,
    /// counted with the lost ones against <see cref="RestartsWhenLost"/>. Default 45 s (three missed beats).
    /// </summary>
    public TimeSpan StaleHeartbeatAfter { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>How often a lost trainer is started again before the run fails. Default 2.</summary>
    public int RestartsWhenLost { get; init; } = 2;

    /// <summary>The durable wait before the second start attempt (doubling after). Default 10 s.</summary>
    public TimeSpan StartRetryInterval { get; init; } = TimeSpan.FromSeconds(10);

    internal TaskOptions StartOptions => TaskOptions.FromRetryPolicy(new RetryPolicy(
        StartAttempts,
        StartRetryInterval,
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(2))
    {
        HandleFailure = f => TransientRetry.IsTransient(f) || TransientRetry.IsCausedBy(f, typeof(TrainingJobException).FullName!),
    });
}

/// <summary>
/// The Train step as a separate trainer execution: StartTrainingJob, then races <c>TrainingCompleted</c> /
/// <c>TrainingFailed</c> against a durable timer; on each timer GetTrainingJobStatus puts the live progress in the
/// custom status and fails the run when the job ended without an event. Deterministic (durable timers only).
/// </summary>
internal static class TrainingJobStep
{
    public static async Task<TrainResult> RunAsync(TaskOrchestrationContext context, TrainInput input, TrainingJobPolicy policy, TaskOptions? retry = null)
    {
        var metrics = await RunJobAsync(context, input, policy, retry);
        return new TrainResult(metrics.ModelKind, metrics.ModelBlob, metrics.Seconds);
    }

    /// <summary>Runs the job to its end and returns what the trainer reported (its event, or its result blob); the image
    /// branch maps it to its own result (<see cref="Images.ImageOrchestration"/>).</summary>
    public static async Task<TrainingMetrics> RunJobAsync(TaskOrchestrationContext context, TrainInput input, TrainingJobPolicy policy, TaskOptions? retry = null)
    {
        retry ??= TransientRetry.Options;
        var handle = await context.CallActivityAsync<TrainingJobHandle>(ActivityNames.StartTrainingJob, input, policy.StartOptions);
        var poll = new TrainingJobPoll(input.RunId, handle);
        var unknownPolls = 0;
        var restarts = 0;
        var completed = context.WaitForExternalEvent<TrainingMetrics>(TrainingEvents.Completed);
        var failed = context.WaitForExternalEvent<string>(TrainingEvents.Failed);
        var started = context.CurrentUtcDateTime;
        var deadline = started + (input.TimeBudgetSeconds is { } s ? TimeSpan.FromSeconds(s) + policy.Margin : policy.DefaultTimeout);
        var finishedPolls = 0;
        context.SetCustomStatus(new RunProgress("Training", 0, 0, $"Trainer started ({handle.Runner} {handle.ExecutionId}, {handle.Device})"));
        // Bounded by the deadline: one timer and at most one poll per interval (a 2 h default at 5 s is 1,440 polls).
        while (context.CurrentUtcDateTime < deadline)
        {
            using var cancelTimer = new CancellationTokenSource();
            var next = context.CurrentUtcDateTime + policy.PollInterval;
            var timer = context.CreateTimer(next < deadline ? next : deadline, cancelTimer.Token);
            var winner = await Task.WhenAny(completed, failed, timer);
            if (winner != timer)
            {
#pragma warning disable CA1849 // CancelAsync would resume on another thread; the orchestration must drop the timer synchronously
                cancelTimer.Cancel();
#pragma warning restore CA1849
            }

            if (winner == completed)
            {
                return await completed;
            }

            if (winner == failed)
            {
                throw new AugmentationFailedException($"Train failed: {await failed}");
            }

            if (context.CurrentUtcDateTime >= deadline)
            {
                break;
            }

            var report = await context.CallActivityAsync<TrainingJobReport>(ActivityNames.GetTrainingJobStatus, poll, retry);
            if (report.Result is { } result)
            {
                // The trainer's result blob: the same outcome as its event, for a trainer that cannot reach the host.
                return result;
            }

            if (report is { TrainerStage: "failed", Reason: { } why })
            {
                throw new AugmentationFailedException($"Train failed: {why}");
            }

            unknownPolls = report.State == TrainingJobState.Unknown && report.TrainerStage is not "done" and not "failed" ? unknownPolls + 1 : 0;
            var hung = report.State == TrainingJobState.Running && report.TrainerStage is "reading" or "training" or "saving"
                && report.HeartbeatAgeSeconds > policy.StaleHeartbeatAfter.TotalSeconds;
            if (unknownPolls >= policy.UnknownPollsBeforeRestart || hung)
            {
                var lost = hung ? $"its heartbeat stopped {report.HeartbeatAgeSeconds:F0} s ago" : "its host restarted or the runner no longer knows it";
                if (++restarts > policy.RestartsWhenLost)
                {
                    if (hung)
                    {
                        await context.CallActivityAsync<bool>(ActivityNames.StopTrainingJob, poll, retry);
                    }

                    throw new AugmentationFailedException($"Train failed: the trainer was lost {restarts} times (last: {lost})");
                }

                if (hung)
                {
                    // A hung trainer still holds its process (or execution): stop it before a second one writes the same blobs.
                    await context.CallActivityAsync<bool>(ActivityNames.StopTrainingJob, poll, retry);
                }

                // Start it again rather than wait for the deadline (a local trainer dies with its host; a hung one was stopped).
                handle = await context.CallActivityAsync<TrainingJobHandle>(ActivityNames.StartTrainingJob, input, policy.StartOptions);
                poll = new TrainingJobPoll(input.RunId, handle);
                unknownPolls = 0;
                context.SetCustomStatus(new RunProgress("Training", 0, 0, $"Trainer restarted: {lost} ({handle.Runner} {handle.ExecutionId}, {handle.Device})"));
                continue;
            }

            context.SetCustomStatus(new RunProgress("Training", 0, 0, Describe(report, context.CurrentUtcDateTime - started)));
            if (report.State.IsTerminal() && ++finishedPolls >= policy.FinishedPollsBeforeFailing && !completed.IsCompleted && !failed.IsCompleted)
            {
                throw new AugmentationFailedException($"Train failed: {report.Reason ?? $"the trainer ended ({report.State}) without reporting a result"}");
            }
        }

        await context.CallActivityAsync<bool>(ActivityNames.StopTrainingJob, poll, retry);
        throw new AugmentationFailedException($"Train failed: no result from the trainer within {(deadline - started).TotalMinutes:F0} min; the job was stopped");
    }

    /// <summary>One line for the custom status: epoch/step, loss, elapsed and ETA when the trainer reports them.</summary>
    internal static string Describe(TrainingJobReport report, TimeSpan waited)
    {
        var c = CultureInfo.InvariantCulture;
        if (report.Progress is not { } p)
        {
            return string.Create(c, $"Trainer {report.State.ToString().ToLowerInvariant()} ({report.TrainerStage ?? "starting"}), {waited.TotalSeconds:F0} s");
        }

        var eta = p.EtaSeconds is { } e ? string.Create(c, $", ETA {e:F0} s") : "";
        return string.Create(c, $"Training {p.Model}: {p.Unit} {p.Step}/{p.TotalSteps}, loss {p.Loss:G4}, elapsed {p.ElapsedSeconds:F0} s{eta}");
    }
}
