using Augment.Durable.Tests.Orchestrations;

namespace Augment.Durable.Tests;

public abstract partial class OrchestrationServiceConformanceTests
{
    [Fact]
    public async Task Timer_ShortDelay_FiresNoEarlierThanFireAtAndRecordsBothEvents()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;

        var result = await RunAsync(client, FeatureOrchestrations.Timer, 1.0);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        var history = await client.GetHistoryAsync(result.InstanceId);
        var created = Assert.Single(history.OfType<TimerCreatedEvent>());
        var fired = Assert.Single(history.OfType<TimerFiredEvent>());
        Assert.Equal(0, created.EventId);
        Assert.Equal(created.EventId, fired.TimerId);
        Assert.Equal(created.FireAt, fired.FireAt);
        Assert.Equal(history.OfType<OrchestratorStartedEvent>().First().Timestamp.AddSeconds(1), created.FireAt);
        var resumedAt = DateTimeOffset.Parse(result.ReadOutputAs<string>()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(resumedAt >= created.FireAt, $"resumed at {resumedAt:O}, before the timer's {created.FireAt:O}");
    }

    [Fact]
    public async Task Retry_ActivityFailsTwice_RetriedOnDurableTimersWithBackoff()
    {
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures());
        await using var _ = worker;

        var result = await RunAsync(client, FeatureOrchestrations.Retry, "2");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("ok after 3", result.ReadOutputAs<string>());
        var history = await client.GetHistoryAsync(result.InstanceId);
        Assert.Equal(3, history.OfType<TaskScheduledEvent>().Count());
        Assert.Equal(2, history.OfType<TaskFailedEvent>().Count());
        var timers = history.OfType<TimerCreatedEvent>().ToList();
        Assert.Equal(2, timers.Count);

        // Each retry timer is due FirstRetryInterval · 2^(n-1) after the episode that saw the failure began.
        for (var n = 0; n < timers.Count; n++)
        {
            var index = history.ToList().IndexOf(timers[n]);
            var episodeStart = history.Take(index).OfType<OrchestratorStartedEvent>().Last().Timestamp;
            Assert.Equal(TimeSpan.FromMilliseconds(300 * (1 << n)), timers[n].FireAt - episodeStart);
        }
    }

    [Fact]
    public async Task Retry_PredicateRejectsFailure_NoRetryAndInstanceFails()
    {
        var attempts = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var (client, worker) = await StartAsync(new DurableTaskRegistry().AddFeatures(attempts));
        await using var _ = worker;

        var result = await RunAsync(client, FeatureOrchestrations.RetryOnlyArgument, "x");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(1, attempts[result.InstanceId]);
        Assert.True(result.FailureDetails!.IsCausedBy<ArgumentException>());
        Assert.Empty((await client.GetHistoryAsync(result.InstanceId)).OfType<TimerCreatedEvent>());
    }
}
