using System.Text.RegularExpressions;

namespace Augment.Durable;

/// <summary>Settings for the engine, its worker and its backends. Call <see cref="Validate"/> (the worker and
/// backends do) before use.</summary>
public sealed partial class DurableTaskOptions
{
    /// <summary>The task hub name: 3–45 letters and digits, starting with a letter. Default <c>augment</c>.
    /// Storage resource names use it lower-cased.</summary>
    public string TaskHub { get; set; } = "augment";

    /// <summary>How many control queues instances are spread over (1–16). Default 4.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>How many activities one worker runs at once. Default <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxConcurrentActivities { get; set; } = Environment.ProcessorCount;

    /// <summary>How many orchestration episodes one worker runs at once. Default <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = Environment.ProcessorCount;

    /// <summary>The first idle back-off delay between polls. Default 50 ms.</summary>
    public TimeSpan MinPollingInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The idle back-off cap (the delay doubles up to it). Default 1 s.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a received control message stays invisible (an episode's lock). Default 5 min.</summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a received activity message stays invisible; the worker renews it at half this while the
    /// activity runs. Default 5 min.</summary>
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a message that arrived before its history waits before redelivery. Default 1 s.</summary>
    public TimeSpan DeferredMessageDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many control messages one receive takes (1–32). Default 32.</summary>
    public int ControlQueueBatchSize { get; set; } = 32;

    /// <summary>
    /// The longest a timer message is kept invisible in one hop (1 s – 6 days). Storage queues cap visibility at 7 days,
    /// so a longer timer is re-enqueued until it is due. Default 6 days (Durable Functions' <c>MaximumDelayTime</c>).
    /// </summary>
    public TimeSpan MaxTimerMessageDelay { get; set; } = TimeSpan.FromDays(6);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public DurableTaskOptions Validate()
    {
        if (string.IsNullOrEmpty(TaskHub) || !TaskHubPattern().IsMatch(TaskHub))
        {
            throw new ArgumentException($"TaskHub '{TaskHub}' must be 3–45 letters or digits and start with a letter.", nameof(TaskHub));
        }

        Require(PartitionCount is >= 1 and <= 16, nameof(PartitionCount), "must be 1–16");
        Require(MaxConcurrentActivities >= 1, nameof(MaxConcurrentActivities), "must be at least 1");
        Require(MaxConcurrentOrchestrations >= 1, nameof(MaxConcurrentOrchestrations), "must be at least 1");
        Require(MinPollingInterval > TimeSpan.Zero, nameof(MinPollingInterval), "must be positive");
        Require(MaxPollingInterval >= MinPollingInterval, nameof(MaxPollingInterval), "must be at least MinPollingInterval");
        Require(ControlQueueVisibilityTimeout >= TimeSpan.FromMilliseconds(1), nameof(ControlQueueVisibilityTimeout), "must be positive");
        Require(WorkItemVisibilityTimeout >= TimeSpan.FromMilliseconds(1), nameof(WorkItemVisibilityTimeout), "must be positive");
        Require(DeferredMessageDelay >= TimeSpan.Zero, nameof(DeferredMessageDelay), "must not be negative");
        Require(ControlQueueBatchSize is >= 1 and <= 32, nameof(ControlQueueBatchSize), "must be 1–32");
        Require(MaxTimerMessageDelay >= TimeSpan.FromSeconds(1) && MaxTimerMessageDelay <= TimeSpan.FromDays(6), nameof(MaxTimerMessageDelay), "must be 1 s – 6 days");
        return this;
    }

    private static void Require(bool condition, string name, string message)
    {
        if (!condition)
        {
            throw new ArgumentException($"{name} {message}.", name);
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex TaskHubPattern();
}
