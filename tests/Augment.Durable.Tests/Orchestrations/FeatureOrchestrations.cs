using System.Collections.Concurrent;

namespace Augment.Durable.Tests.Orchestrations;

/// <summary>Orchestrators for timers, events, retries, sub-orchestrations and ContinueAsNew (scanned for determinism).</summary>
internal static class FeatureOrchestrations
{
    public const string Timer = "Timer";
    public const string WaitForEvents = "WaitForEvents";
    public const string EventWithTimeout = "EventWithTimeout";
    public const string Approval = "Approval";
    public const string Retry = "Retry";
    public const string RetryOnlyArgument = "RetryOnlyArgument";
    public const string Parent = "Parent";
    public const string ParentCatches = "ParentCatches";
    public const string Child = "Child";
    public const string Counter = "Counter";
    public const string CarryEvents = "CarryEvents";
    public const string ThrowsAfterActivity = "ThrowsAfterActivity";
    public const string FlakyChild = "FlakyChild";
    public const string RetryChild = "RetryChild";
    public const string FireAndForget = "FireAndForget";
    public const string Eternal = "Eternal";
    public const string Spin = "Spin";

    /// <summary>Timer input: how long to wait, in seconds.</summary>
    public static DurableTaskRegistry AddFeatures(this DurableTaskRegistry registry, ConcurrentDictionary<string, int>? attempts = null)
    {
        attempts ??= new ConcurrentDictionary<string, int>();
        return registry
            .AddActivity<string, string>("Flaky", (context, failTimes) =>
            {
                var n = attempts.AddOrUpdate(context.InstanceId, 1, (_, v) => v + 1);
                return n <= int.Parse(failTimes, System.Globalization.CultureInfo.InvariantCulture)
                    ? throw new InvalidOperationException($"attempt {n} failed")
                    : $"ok after {n}";
            })
            .AddActivity<string, string>("BadArgument", string (context, _) =>
            {
                attempts.AddOrUpdate(context.InstanceId, 1, (_, v) => v + 1);
                throw new ArgumentException("not retriable by policy");
            })
            .AddActivity<string, string>("Upper", (_, value) => value.ToUpperInvariant())
            .AddOrchestrator<double, string>(Timer, async (context, seconds) =>
            {
                var fireAt = context.CurrentUtcDateTime.AddSeconds(seconds);
                await context.CreateTimer(fireAt, CancellationToken.None);
                return context.CurrentUtcDateTime.ToString("O");
            })
            .AddOrchestrator<List<int>>(WaitForEvents, async context =>
            {
                await context.WaitForExternalEvent<string>("go");
                var first = await context.WaitForExternalEvent<int>("value");
                var second = await context.WaitForExternalEvent<int>("VALUE");
                return [first, second];
            })
            .AddOrchestrator<double, string>(EventWithTimeout, async (context, seconds) =>
            {
                try
                {
                    return await context.WaitForExternalEvent<string>("answer", TimeSpan.FromSeconds(seconds));
                }
                catch (TaskCanceledException)
                {
                    return "timed out";
                }
            })
            .AddOrchestrator<string>(Approval, async context =>
            {
                context.SetCustomStatus("waiting");
                var decision = await context.WaitForExternalEvent<string>("decision");
                return await context.CallActivityAsync<string>("Upper", decision);
            })
            .AddOrchestrator<string, string>(Retry, (context, failTimes) =>
                context.CallActivityAsync<string>("Flaky", failTimes, new TaskOptions(new RetryPolicy(4, TimeSpan.FromMilliseconds(300), backoffCoefficient: 2))))
            .AddOrchestrator<string, string>(RetryOnlyArgument, (context, value) =>
                context.CallActivityAsync<string>("BadArgument", value, new TaskOptions(new RetryPolicy(5, TimeSpan.FromSeconds(1), handle: f => f.IsCausedBy<InvalidOperationException>()))))
            .AddOrchestrator<string, string>(Child, async (context, value) =>
                value == "fail" ? throw new InvalidOperationException("child broke") : await context.CallActivityAsync<string>("Upper", value))
            .AddOrchestrator<string[], List<string>>(Parent, async (context, values) =>
            {
                var tasks = values.Select(v => context.CallSubOrchestratorAsync<string>(Child, v)).ToList();
                return [.. await Task.WhenAll(tasks)];
            })
            .AddOrchestrator<string, string>(ParentCatches, async (context, childId) =>
            {
                try
                {
                    return await context.CallSubOrchestratorAsync<string>(Child, "fail", new SubOrchestrationOptions(childId));
                }
                catch (TaskFailedException ex)
                {
                    return $"{ex.FailureDetails.ErrorType}|{ex.FailureDetails.ErrorMessage}";
                }
            })
            .AddOrchestrator<int, int>(Counter, (context, n) =>
            {
                if (n < 3)
                {
                    context.ContinueAsNew(n + 1);
                }

                return Task.FromResult(n);
            })
            .AddOrchestrator<bool?, string>(CarryEvents, async (context, preserve) =>
            {
                // Generation 0 gets true/false; generation 1 gets null and waits (1 s at most) for "keep".
                if (preserve is { } keep)
                {
                    await context.WaitForExternalEvent<string>("go");
                    context.ContinueAsNew(null, preserveUnprocessedEvents: keep);
                    return "continued";
                }

                try
                {
                    return await context.WaitForExternalEvent<string>("keep", TimeSpan.FromSeconds(1));
                }
                catch (TaskCanceledException)
                {
                    return "lost";
                }
            })
            .AddOrchestrator<string, string>(FlakyChild, (context, failTimes) => context.CallActivityAsync<string>("Flaky", failTimes))
            .AddOrchestrator<string, string>(RetryChild, (context, childId) =>
                context.CallSubOrchestratorAsync<string>(FlakyChild, "1", new SubOrchestrationOptions(childId, new RetryPolicy(2, TimeSpan.FromMilliseconds(300)))))
            .AddOrchestrator<string, string>(FireAndForget, (context, value) =>
            {
                _ = context.CallActivityAsync<string>("Flaky", "0");
                return Task.FromResult(value);
            })
            .AddOrchestrator<int, int>(Eternal, async (context, n) =>
            {
                if (n == 3)
                {
                    return n;
                }

                await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
                await context.CallActivityAsync<string>("Upper", $"tick {n}");
                context.ContinueAsNew(n + 1);
                return n;
            })
            .AddOrchestrator<int, int>(Spin, (context, n) =>
            {
                context.ContinueAsNew(n + 1);
                return Task.FromResult(n);
            })
            .AddOrchestrator<string, string>(ThrowsAfterActivity, async (context, value) =>
            {
                var upper = await context.CallActivityAsync<string>("Upper", value);
                throw new FormatException($"cannot parse {upper}");
            });
    }
}
