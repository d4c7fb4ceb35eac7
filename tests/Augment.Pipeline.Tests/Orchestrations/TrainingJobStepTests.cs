using Augment.Pipeline.Activities;
using Augment.Pipeline.Orchestrations;
using Augment.Pipeline.Training;
using Microsoft.DurableTask;
using static Augment.Pipeline.Tests.Orchestrations.ScriptedPipeline;
using CoreFailureDetails = DurableTask.Core.FailureDetails;
using CoreTaskFailedException = DurableTask.Core.Exceptions.TaskFailedException;

namespace Augment.Pipeline.Tests.Orchestrations;

/// <summary>
/// The Train step through a trainer job on a fake context with a manual clock: the result blob or the
/// TrainingCompleted event finish it, the trainer's reason fails it, a lost trainer is restarted (a bounded number of
/// times), the deadline stops the job, and only infrastructure failures of StartTrainingJob are retried.
/// </summary>
public sealed class TrainingJobStepTests
{
    private static readonly TrainInput Input = new(RunId, "gaussian-copula", 42, "label");

    private static readonly TrainingMetrics Metrics = new("gaussian-copula", $"{WorkArea.WorkContainer}/{WorkArea.Model(RunId)}", 800, 3.25, "cpu");

    private static readonly TrainingJobPolicy Policy = new();

    private static TrainingJobReport Report(TrainingJobState state, string? stage = null, string? reason = null, TrainingStatus? progress = null, TrainingMetrics? result = null) =>
        new(state, progress, stage, reason) { Result = result };

    private static TrainingJobReport Running => Report(TrainingJobState.Running, "training");

    private static TrainingJobReport Unknown => Report(TrainingJobState.Unknown);

    private static TrainingJobReport Done => Report(TrainingJobState.Succeeded, "done", result: Metrics);

    private static (FakeOrchestrationContext Context, Task<TrainResult> Step) Start(TrainInput? input = null, TrainingJobPolicy? policy = null, params TrainingJobReport[] reports)
    {
        var context = new FakeOrchestrationContext(RunId).WithTrainingJob(reports);
        return (context, context.Run(c => TrainingJobStep.RunAsync(c, input ?? Input, policy ?? Policy)));
    }

    private static void Polls(FakeOrchestrationContext context, int count)
    {
        for (var i = 0; i < count; i++)
        {
            context.Advance(Policy.PollInterval);
        }
    }

    [Fact]
    public void RunAsync_Started_StartsTheJobOnceAndWaitsOnAPollTimer()
    {
        var (context, step) = Start(reports: Running);

        Assert.False(step.IsCompleted);
        var start = Assert.Single(context.Calls);
        Assert.Equal((ActivityNames.StartTrainingJob, Input), (start.Name, start.Input));
        Assert.Equal([context.CurrentUtcDateTime + Policy.PollInterval], context.PendingTimers);
        Assert.Equal(new RunProgress("Training", 0, 0, "Trainer started (Local pid-1, cpu)"), context.CustomStatus);
    }

    [Fact]
    public void RunAsync_ResultBlobOnAPoll_CompletesWithTheTrainersModel()
    {
        var (context, step) = Start(reports: [Running, Done]);

        context.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Empty(context.CallsTo(ActivityNames.GetTrainingJobStatus));
        context.Advance(TimeSpan.FromSeconds(0.1));
        Assert.False(step.IsCompleted);
        Assert.Equal("Trainer running (training), 5 s", Assert.IsType<RunProgress>(context.CustomStatus).Message);
        context.Advance(Policy.PollInterval);

        Assert.True(step.IsCompletedSuccessfully, step.Exception?.ToString());
        Assert.Equal(new TrainResult("gaussian-copula", Metrics.ModelBlob, 3.25), step.Result);
        var polls = context.CallsTo(ActivityNames.GetTrainingJobStatus);
        Assert.Equal(2, polls.Count);
        Assert.All(polls, p => Assert.Equal(new TrainingJobPoll(RunId, new TrainingJobHandle(LocalProcessRunner.Kind, "pid-1", null, "cpu")), p.Input));
        Assert.Empty(context.CallsTo(ActivityNames.StopTrainingJob));
        Assert.Empty(context.PendingTimers);
    }

    [Fact]
    public void RunAsync_ResultBlobWhileTheRunnerLostTheJob_StillCompletes()
    {
        // A trainer that finished just before its host restarted: the runner no longer knows it, the blob says done.
        var (context, step) = Start(reports: Report(TrainingJobState.Unknown, "done", result: Metrics));

        context.Advance(Policy.PollInterval);

        Assert.Equal(Metrics.ModelBlob, step.Result.ModelBlob);
        Assert.Single(context.CallsTo(ActivityNames.StartTrainingJob));
    }

    [Fact]
    public void RunAsync_TrainingCompletedEvent_CompletesAtOnceAndDropsThePollTimer()
    {
        var (context, step) = Start(reports: Running);
        context.Advance(Policy.PollInterval);

        context.RaiseEvent(TrainingEvents.Completed, Metrics);

        Assert.True(step.IsCompletedSuccessfully, step.Exception?.ToString());
        Assert.Equal(new TrainResult("gaussian-copula", Metrics.ModelBlob, 3.25), step.Result);
        Assert.Single(context.CallsTo(ActivityNames.GetTrainingJobStatus));
        Assert.Empty(context.PendingTimers);
    }

    [Fact]
    public void RunAsync_TrainingFailedEvent_FailsWithTheReason()
    {
        var (context, step) = Start(reports: Running);

        context.RaiseEvent(TrainingEvents.Failed, "the CSV has no training rows");

        Assert.Equal("Train failed: the CSV has no training rows", FailureOf(step));
    }

    [Fact]
    public void RunAsync_TrainerWroteAFailedHeartbeat_FailsWithItsReasonOnTheNextPoll()
    {
        var (context, step) = Start(reports: [Running, Report(TrainingJobState.Failed, "failed", "unknown model 'ctgan-9000'; known: auto, latent-mixture, gaussian-copula, tvae, ctgan")]);

        Polls(context, 2);

        Assert.Equal("Train failed: unknown model 'ctgan-9000'; known: auto, latent-mixture, gaussian-copula, tvae, ctgan", FailureOf(step));
        Assert.Empty(context.CallsTo(ActivityNames.StopTrainingJob));
    }

    [Fact]
    public void RunAsync_JobEndedWithoutAResult_FailsAfterFinishedPollsBeforeFailing()
    {
        // The trainer exited 2 (bad configuration) before it could write anything.
        var (context, step) = Start(reports: Report(TrainingJobState.Failed));

        context.Advance(Policy.PollInterval);
        Assert.False(step.IsCompleted);
        Assert.Equal("Trainer failed (starting), 5 s", Assert.IsType<RunProgress>(context.CustomStatus).Message);
        context.Advance(Policy.PollInterval);

        Assert.Equal("Train failed: the trainer ended (Failed) without reporting a result", FailureOf(step));
        Assert.Equal(Policy.FinishedPollsBeforeFailing, context.CallsTo(ActivityNames.GetTrainingJobStatus).Count);
    }

    [Fact]
    public void RunAsync_ProgressReported_ShowsStepLossElapsedAndEtaInTheStatus()
    {
        var progress = new TrainingStatus("tvae", 3, 10, "epoch", 0.123456, 12.4, 29.6, "fitting", false);
        var (context, step) = Start(reports: Report(TrainingJobState.Running, "training", progress: progress));

        context.Advance(Policy.PollInterval);

        Assert.False(step.IsCompleted);
        Assert.Equal(new RunProgress("Training", 0, 0, "Training tvae: epoch 3/10, loss 0.1235, elapsed 12 s, ETA 30 s"), context.CustomStatus);
    }

    [Fact]
    public void RunAsync_RunnerLostTheTrainer_StartsItAgainAfterUnknownPollsBeforeRestart()
    {
        var (context, step) = Start(reports: [Unknown, Unknown, Running, Done]);

        context.Advance(Policy.PollInterval);
        Assert.Single(context.CallsTo(ActivityNames.StartTrainingJob));
        context.Advance(Policy.PollInterval);

        var starts = context.CallsTo(ActivityNames.StartTrainingJob);
        Assert.Equal(2, starts.Count);
        Assert.Equal(Input, starts[1].Input);
        Assert.Equal(new RunProgress("Training", 0, 0, "Trainer restarted: its host restarted or the runner no longer knows it (Local pid-2, cpu)"), context.CustomStatus);

        Polls(context, 2);
        Assert.True(step.IsCompletedSuccessfully, step.Exception?.ToString());
        // Polls after the restart ask about the new execution.
        var polls = context.CallsTo(ActivityNames.GetTrainingJobStatus).Select(p => ((TrainingJobPoll)p.Input!).Handle.ExecutionId);
        Assert.Equal(["pid-1", "pid-1", "pid-2", "pid-2"], polls);
    }

    [Fact]
    public void RunAsync_HeartbeatStale_StopsTheHungTrainerAndStartsAnother()
    {
        var fresh = Running with { HeartbeatAgeSeconds = 10 };
        var stale = Running with { HeartbeatAgeSeconds = Policy.StaleHeartbeatAfter.TotalSeconds + 2 };
        var (context, step) = Start(reports: [fresh, stale, fresh, Done]);

        Polls(context, 2);

        Assert.Equal(["pid-1"], context.CallsTo(ActivityNames.StopTrainingJob).Select(c => ((TrainingJobPoll)c.Input!).Handle.ExecutionId));
        Assert.Equal(2, context.CallsTo(ActivityNames.StartTrainingJob).Count);
        Assert.Equal(new RunProgress("Training", 0, 0, "Trainer restarted: its heartbeat stopped 47 s ago (Local pid-2, cpu)"), context.CustomStatus);
        Polls(context, 2);
        Assert.True(step.IsCompletedSuccessfully, step.Exception?.ToString());
    }

    [Fact]
    public void RunAsync_OldHeartbeatOfAFinishedOrNotYetStartedStage_NoRestart()
    {
        var (context, step) = Start(reports: [Report(TrainingJobState.Running) with { HeartbeatAgeSeconds = 600 }, Report(TrainingJobState.Running, "training") with { HeartbeatAgeSeconds = 44 }, Done]);

        Polls(context, 3);

        Assert.True(step.IsCompletedSuccessfully, step.Exception?.ToString());
        Assert.Single(context.CallsTo(ActivityNames.StartTrainingJob));
        Assert.Empty(context.CallsTo(ActivityNames.StopTrainingJob));
    }

    [Fact]
    public void RunAsync_HeartbeatStaleEveryTime_StopsEachAndFailsNamingTheCause()
    {
        var (context, step) = Start(reports: Running with { HeartbeatAgeSeconds = 300 });

        Polls(context, Policy.RestartsWhenLost + 1);

        Assert.Equal($"Train failed: the trainer was lost {Policy.RestartsWhenLost + 1} times (last: its heartbeat stopped 300 s ago)", FailureOf(step));
        Assert.Equal(Policy.RestartsWhenLost + 1, context.CallsTo(ActivityNames.StopTrainingJob).Count);
    }

    [Fact]
    public void RunAsync_UnknownPollsNotInARow_DoNotRestart()
    {
        var (context, step) = Start(reports: [Unknown, Running, Unknown, Running, Unknown, Done]);

        Polls(context, 6);

        Assert.True(step.IsCompletedSuccessfully, step.Exception?.ToString());
        Assert.Single(context.CallsTo(ActivityNames.StartTrainingJob));
    }

    [Fact]
    public void RunAsync_TrainerLostAgainAndAgain_FailsAfterRestartsWhenLost()
    {
        var (context, step) = Start(reports: Unknown);

        Polls(context, Policy.UnknownPollsBeforeRestart * (Policy.RestartsWhenLost + 1));

        Assert.Equal($"Train failed: the trainer was lost {Policy.RestartsWhenLost + 1} times (last: its host restarted or the runner no longer knows it)", FailureOf(step));
        Assert.Equal(Policy.RestartsWhenLost + 1, context.CallsTo(ActivityNames.StartTrainingJob).Count);
        Assert.Empty(context.PendingTimers);
    }

    [Fact]
    public void RunAsync_NoResultByTheDeadline_StopsTheJobAndFails()
    {
        // Budget 60 s + the 10 min margin: the deadline is 11 min after the start.
        var input = Input with { TimeBudgetSeconds = 60 };
        var (context, step) = Start(input, reports: Running);
        var deadline = context.CurrentUtcDateTime + TimeSpan.FromMinutes(11);

        context.AdvanceTo(deadline - TimeSpan.FromSeconds(1));
        Assert.False(step.IsCompleted);
        Assert.Empty(context.CallsTo(ActivityNames.StopTrainingJob));
        context.AdvanceTo(deadline);

        Assert.Equal("Train failed: no result from the trainer within 11 min; the job was stopped", FailureOf(step));
        var stop = Assert.Single(context.CallsTo(ActivityNames.StopTrainingJob));
        Assert.Equal(new TrainingJobPoll(RunId, new TrainingJobHandle(LocalProcessRunner.Kind, "pid-1", null, "cpu")), stop.Input);
        Assert.Equal(deadline, stop.At);
        Assert.All(context.CallsTo(ActivityNames.GetTrainingJobStatus), p => Assert.True(p.At < deadline));
        Assert.All(context.TimersCreated, t => Assert.True(t <= deadline, $"timer at {t:O} after the deadline"));
    }

    [Fact]
    public void RunAsync_NoTimeBudget_TheDeadlineIsTheDefaultTimeout()
    {
        var policy = new TrainingJobPolicy { PollInterval = TimeSpan.FromMinutes(1), DefaultTimeout = TimeSpan.FromMinutes(30) };
        var (context, step) = Start(policy: policy, reports: Running);

        context.Advance(TimeSpan.FromMinutes(29));
        Assert.False(step.IsCompleted);
        context.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal("Train failed: no result from the trainer within 30 min; the job was stopped", FailureOf(step));
        Assert.Equal(29, context.CallsTo(ActivityNames.GetTrainingJobStatus).Count);
    }

    [Fact]
    public void RunAsync_StartFailsForInfrastructure_IsRetriedOnADurableTimer()
    {
        var context = new FakeOrchestrationContext(RunId).WithTrainingJob(Done);
        var attempts = 0;
        context.OnActivity<TrainInput, TrainingJobHandle>(ActivityNames.StartTrainingJob, _ =>
            ++attempts == 1 ? throw new TrainingJobException("ARM start returned 503") : new TrainingJobHandle(LocalProcessRunner.Kind, "pid-9", null, "cpu"));
        var started = context.CurrentUtcDateTime;

        var step = context.Run(c => TrainingJobStep.RunAsync(c, Input, Policy));
        Assert.Equal([started + Policy.StartRetryInterval], context.PendingTimers);
        context.Advance(Policy.StartRetryInterval);
        context.Advance(Policy.PollInterval);

        Assert.True(step.IsCompletedSuccessfully, step.Exception?.ToString());
        Assert.Equal([(1, started), (2, started + Policy.StartRetryInterval)], context.CallsTo(ActivityNames.StartTrainingJob).Select(c => (c.Attempt, c.At)));
    }

    [Fact]
    public void RunAsync_StartFailsForAnotherReason_IsNotRetried()
    {
        var context = new FakeOrchestrationContext(RunId).WithTrainingJob(Done)
            .FailActivity(ActivityNames.StartTrainingJob, "LocalProcessRunnerOptions needs FileName and LogDirectory.", typeof(ArgumentException).FullName!);

        var step = context.Run(c => TrainingJobStep.RunAsync(c, Input, Policy));

        var error = Assert.IsType<TaskFailedException>(step.Exception!.InnerException);
        Assert.Equal("LocalProcessRunnerOptions needs FileName and LogDirectory.", error.FailureDetails.ErrorMessage);
        Assert.Single(context.CallsTo(ActivityNames.StartTrainingJob));
        Assert.Empty(context.PendingTimers);
    }

    [Fact]
    public void RunAsync_StartKeepsFailingForInfrastructure_GivesUpAfterStartAttempts()
    {
        var context = new FakeOrchestrationContext(RunId).WithTrainingJob(Done)
            .FailActivity(ActivityNames.StartTrainingJob, "the ARM call timed out", typeof(TimeoutException).FullName!);

        var step = context.Run(c => TrainingJobStep.RunAsync(c, Input, Policy));
        context.Advance(TimeSpan.FromSeconds(10));
        context.Advance(TimeSpan.FromSeconds(20)); // the interval doubles

        Assert.IsType<TaskFailedException>(step.Exception!.InnerException);
        Assert.Equal(Policy.StartAttempts, context.CallsTo(ActivityNames.StartTrainingJob).Count);
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)], context.CallsTo(ActivityNames.StartTrainingJob).Select(c => c.At - context.Calls[0].At));
    }

    [Fact]
    public void RunAsync_InTheOrchestration_AStartThatCannotBeRetriedFailsTheRunAtTrain()
    {
        var context = Context().WithTrainingJob(Done)
            .FailActivity(ActivityNames.StartTrainingJob, "job 'job-trainer' not found (ARM 404)", "Augment.Pipeline.Training.Arm.ArmNotFoundException");

        var run = context.Run(c => AugmentDatasetOrchestrator.RunAsync(c, Request, Policy));

        Assert.Equal("Train failed: job 'job-trainer' not found (ARM 404)", FailureOf(run));
    }

    // ---- The retry policy itself, through the predicate the engine calls (DurableTask.Core's failure). ----

    private static bool Retries(string errorType) =>
        Policy.StartOptions.Retry!.Policy!.Handle(new CoreTaskFailedException("StartTrainingJob failed")
        {
            FailureDetails = new CoreFailureDetails(errorType, "boom", null, null, false),
        });

    [Theory]
    [InlineData("Augment.Pipeline.Training.TrainingJobException")]
    [InlineData("System.TimeoutException")]
    public void StartOptions_InfrastructureFailure_IsRetried(string errorType)
    {
        Assert.True(Retries(errorType));
    }

    [Fact]
    public void StartOptions_HttpRequestException_IsRetried()
    {
        Assert.True(Retries(typeof(HttpRequestException).FullName!));
    }

    [Theory]
    [InlineData("System.ArgumentException")]
    [InlineData("System.IO.InvalidDataException")]
    [InlineData("System.InvalidOperationException")]
    [InlineData("System.OperationCanceledException")]
    [InlineData("Some.Unloadable.ExceptionType")]
    public void StartOptions_OtherFailure_IsNotRetried(string errorType)
    {
        Assert.False(Retries(errorType));
    }

    [Fact]
    public void StartOptions_Policy_HasTheConfiguredAttemptsAndBackoff()
    {
        var policy = new TrainingJobPolicy { StartAttempts = 5, StartRetryInterval = TimeSpan.FromSeconds(3) }.StartOptions.Retry!.Policy!;

        Assert.Equal(5, policy.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(3), policy.FirstRetryInterval);
        Assert.Equal(2, policy.BackoffCoefficient);
        Assert.Equal(TimeSpan.FromMinutes(2), policy.MaxRetryInterval);
    }

    [Fact]
    public void TrainingJobReport_ThroughJson_KeepsTheResult()
    {
        // Activity results cross the engine as JSON: the init-only Result must survive it.
        var json = System.Text.Json.JsonSerializer.Serialize(Done, System.Text.Json.JsonSerializerOptions.Web);

        var back = System.Text.Json.JsonSerializer.Deserialize<TrainingJobReport>(json, System.Text.Json.JsonSerializerOptions.Web)!;

        Assert.Equal(Metrics, back.Result);
        Assert.Equal(("done", TrainingJobState.Succeeded), (back.TrainerStage, back.State));
    }
}
