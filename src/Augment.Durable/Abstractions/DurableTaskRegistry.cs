namespace Augment.Durable;

/// <summary>Registered orchestrators and activities, by name (case-insensitive).</summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, OrchestratorFunc> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ActivityFunc> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers an orchestrator with a typed input and output.</summary>
    public DurableTaskRegistry AddOrchestrator<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        Add(_orchestrators, name, async (context, input, converter) =>
        {
            var typed = converter.Deserialize<TInput>(input);
            var output = await orchestrator(context, typed!);
            return converter.Serialize(output);
        });
        return this;
    }

    /// <summary>Registers an orchestrator that reads its input through the context, if at all.</summary>
    public DurableTaskRegistry AddOrchestrator<TOutput>(string name, Func<TaskOrchestrationContext, Task<TOutput>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        return AddOrchestrator<object?, TOutput>(name, (context, _) => orchestrator(context));
    }

    /// <summary>Registers an orchestrator with no output.</summary>
    public DurableTaskRegistry AddOrchestrator(string name, Func<TaskOrchestrationContext, Task> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        Add(_orchestrators, name, async (context, _, _) =>
        {
            await orchestrator(context);
            return null;
        });
        return this;
    }

    /// <summary>Registers an activity with a typed input and output.</summary>
    public DurableTaskRegistry AddActivity<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, CancellationToken, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Add(_activities, name, async (context, input, converter, cancellationToken) =>
        {
            var typed = converter.Deserialize<TInput>(input);
            var output = await activity(context, typed!, cancellationToken);
            return converter.Serialize(output);
        });
        return this;
    }

    /// <summary>Registers an activity that ignores cancellation.</summary>
    public DurableTaskRegistry AddActivity<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivity<TInput, TOutput>(name, (context, input, _) => activity(context, input));
    }

    /// <summary>Registers a synchronous activity.</summary>
    public DurableTaskRegistry AddActivity<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, TOutput> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivity<TInput, TOutput>(name, (context, input, _) => Task.FromResult(activity(context, input)));
    }

    /// <summary>Registers an activity with no output.</summary>
    public DurableTaskRegistry AddActivity<TInput>(string name, Func<TaskActivityContext, TInput, CancellationToken, Task> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Add(_activities, name, async (context, input, converter, cancellationToken) =>
        {
            await activity(context, converter.Deserialize<TInput>(input)!, cancellationToken);
            return null;
        });
        return this;
    }

    /// <summary>The registered orchestrator names.</summary>
    public IReadOnlyCollection<string> OrchestratorNames => _orchestrators.Keys;

    /// <summary>The registered activity names.</summary>
    public IReadOnlyCollection<string> ActivityNames => _activities.Keys;

    internal bool TryGetOrchestrator(string name, out OrchestratorFunc orchestrator) => _orchestrators.TryGetValue(name, out orchestrator!);

    internal bool TryGetActivity(string name, out ActivityFunc activity) => _activities.TryGetValue(name, out activity!);

    private static void Add<T>(Dictionary<string, T> map, string name, T value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!map.TryAdd(name, value))
        {
            throw new ArgumentException($"'{name}' is already registered.", nameof(name));
        }
    }
}

/// <summary>An orchestrator with its payloads as serialized text.</summary>
internal delegate Task<string?> OrchestratorFunc(TaskOrchestrationContext context, string? input, DataConverter converter);

/// <summary>An activity with its payloads as serialized text.</summary>
internal delegate Task<string?> ActivityFunc(TaskActivityContext context, string? input, DataConverter converter, CancellationToken cancellationToken);
