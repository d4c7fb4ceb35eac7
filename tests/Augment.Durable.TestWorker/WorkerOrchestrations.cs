namespace Augment.Durable.TestWorker;

/// <summary>
/// The orchestrations the worker processes run, shared with the tests (which compute expected outputs with an
/// uninterrupted in-memory run of the same code). Orchestrator code here must stay deterministic.
/// </summary>
public static class WorkerOrchestrations
{
    /// <summary>Fan-out/fan-in: input <see cref="FanOutInput"/>, output the activity results in task order.</summary>
    public const string FanOutFanIn = "FanOutFanIn";

    /// <summary>A sequential chain of no-op steps: input the step count, output the last step's value.</summary>
    public const string Chain = "Chain";

    /// <summary>The fan-out's activity: a value that depends only on its input.</summary>
    public const string Work = "Work";

    /// <summary>A no-op activity returning its input plus one.</summary>
    public const string Step = "Step";

    /// <summary>Registers the orchestrations and activities. <paramref name="workDelay"/> (default none) is how long
    /// <see cref="Work"/> sleeps, to widen the windows a kill can hit.</summary>
    public static DurableTaskRegistry AddWorkerOrchestrations(this DurableTaskRegistry registry, TimeSpan? workDelay = null) => registry
        .AddActivity<WorkInput, long>(Work, async (_, input) =>
        {
            if (workDelay is { } delay && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }

            return Mix(input.Seed, input.Index);
        })
        .AddActivity<int, int>(Step, (_, value) => value + 1)
        .AddOrchestrator<FanOutInput, long[]>(FanOutFanIn, async (context, input) =>
        {
            var tasks = Enumerable.Range(0, input.Count)
                .Select(i => context.CallActivityAsync<long>(Work, new WorkInput(input.Seed, i)))
                .ToList();
            return await Task.WhenAll(tasks);
        })
        .AddOrchestrator<int, int>(Chain, async (context, steps) =>
        {
            var value = 0;
            for (var i = 0; i < steps; i++)
            {
                value = await context.CallActivityAsync<int>(Step, value);
            }

            return value;
        });

    /// <summary>SplitMix64-style mix of (seed, index): what <see cref="Work"/> returns.</summary>
    public static long Mix(int seed, int index)
    {
        var z = unchecked(((ulong)(uint)seed << 32) + (ulong)(uint)index + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (long)((z ^ (z >> 31)) >> 1);
    }
}

/// <summary>Input of <see cref="WorkerOrchestrations.FanOutFanIn"/>.</summary>
public sealed record FanOutInput(int Seed, int Count);

/// <summary>Input of <see cref="WorkerOrchestrations.Work"/>.</summary>
public sealed record WorkInput(int Seed, int Index);
