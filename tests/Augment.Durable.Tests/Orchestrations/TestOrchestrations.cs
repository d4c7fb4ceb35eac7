using System.Collections.Concurrent;

namespace Augment.Durable.Tests.Orchestrations;

/// <summary>
/// Orchestrators and activities used by the tests. This folder is scanned by
/// <see cref="OrchestratorDeterminismScanTests"/>: orchestrator code here must stay deterministic.
/// </summary>
internal static class TestOrchestrations
{
    public const string Sequence = "Sequence";
    public const string FanOut = "FanOut";
    public const string CatchFailure = "CatchFailure";
    public const string UncaughtFailure = "UncaughtFailure";
    public const string OneActivity = "OneActivity";

    public static DurableTaskRegistry AddCommon(this DurableTaskRegistry registry) => registry
        .AddActivity<string, string>("Hello", (_, name) => $"Hello {name}!")
        .AddActivity<int, int>("Square", (_, x) => x * x)
        .AddActivity<string, string>("Boom", string (_, message) => throw new InvalidOperationException(message))
        .AddActivity<string, string>("Echo", (_, value) => value)
        .AddOrchestrator<string[], List<string>>(Sequence, async (context, cities) =>
        {
            var results = new List<string>();
            foreach (var city in cities)
            {
                results.Add(await context.CallActivityAsync<string>("Hello", city));
            }

            return results;
        })
        .AddOrchestrator<int, int>(FanOut, async (context, count) =>
        {
            var tasks = Enumerable.Range(0, count).Select(i => context.CallActivityAsync<int>("Square", i)).ToList();
            var squares = await Task.WhenAll(tasks);
            return squares.Sum();
        })
        .AddOrchestrator<string, string>(CatchFailure, async (context, message) =>
        {
            try
            {
                return await context.CallActivityAsync<string>("Boom", message);
            }
            catch (TaskFailedException ex)
            {
                return $"{ex.FailureDetails.ErrorType}:{ex.FailureDetails.ErrorMessage}";
            }
        })
        .AddOrchestrator<string, string>(UncaughtFailure, (context, message) => context.CallActivityAsync<string>("Boom", message))
        .AddOrchestrator<string, string>(OneActivity, (context, value) => context.CallActivityAsync<string>("Echo", value));

    /// <summary>Sets a custom status, then waits on an activity that waits on <paramref name="gate"/>.</summary>
    public static DurableTaskRegistry AddCustomStatus(this DurableTaskRegistry registry, Task gate) => registry
        .AddActivity<string, string>("Gate", async (_, value) =>
        {
            await gate;
            return value;
        })
        .AddOrchestrator<string, string>("CustomStatus", async (context, value) =>
        {
            context.SetCustomStatus(new { step = "waiting", value });
            var result = await context.CallActivityAsync<string>("Gate", value);
            context.SetCustomStatus(new { step = "done", value });
            return result;
        });

    /// <summary>Records what NewGuid and CurrentUtcDateTime return on every replay.</summary>
    public static DurableTaskRegistry AddDeterminismProbe(this DurableTaskRegistry registry, ConcurrentQueue<(Guid Guid, DateTime Time)> firstValues) => registry
        .AddActivity<string, string>("Echo2", (_, value) => value)
        .AddOrchestrator<string[]>("Probe", async context =>
        {
            var g1 = context.NewGuid();
            var t1 = context.CurrentUtcDateTime;
            firstValues.Enqueue((g1, t1));
            await context.CallActivityAsync<string>("Echo2", "x");
            var g2 = context.NewGuid();
            var t2 = context.CurrentUtcDateTime;
            return [g1.ToString(), g2.ToString(), t1.ToString("O"), t2.ToString("O")];
        });

    /// <summary>Schedules the activity named by <paramref name="nextName"/>: changing it mid-flight makes the replay non-deterministic.</summary>
    public static DurableTaskRegistry AddShapeShifter(this DurableTaskRegistry registry, StrongBox<string> nextName) => registry
        .AddActivity<string, string>("A", (_, value) =>
        {
            nextName.Value = "B";
            return value;
        })
        .AddActivity<string, string>("B", (_, value) => value)
        .AddOrchestrator<string, string>("ShapeShifter", async (context, value) =>
        {
            var first = await context.CallActivityAsync<string>(nextName.Value!, value);
            return await context.CallActivityAsync<string>("B", first);
        });
}
