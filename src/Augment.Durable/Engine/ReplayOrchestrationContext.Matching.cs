namespace Augment.Durable.Engine;

/// <summary>What kind of action a sequence id was given to.</summary>
internal enum ActionKind
{
    Activity,
    Timer,
    SubOrchestration,
}

internal sealed partial class ReplayOrchestrationContext
{
    /// <summary>
    /// An action event from history (TaskScheduled, TimerCreated, SubOrchestrationInstanceCreated) must match the action
    /// the replay gave the same sequence id, by kind and name; otherwise the code is not deterministic.
    /// </summary>
    /// <exception cref="NonDeterministicOrchestrationException">It does not match.</exception>
    public void MatchHistory(int sequenceId, ActionKind kind, string name)
    {
        var expected = Describe(kind, name);
        if (!_actions.TryGetValue(sequenceId, out var action))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration: a previous execution scheduled {expected} with sequence ID {sequenceId}, " +
                $"but the current replay execution hasn't (yet?) scheduled it. Expected {expected}, actual: nothing. " +
                "Was the orchestrator code changed after this instance started?");
        }

        var actual = Describe(action.Kind, action.Name);
        if (action.Kind != kind || !string.Equals(action.Name, name, StringComparison.OrdinalIgnoreCase))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration: sequence ID {sequenceId} was scheduled as {expected} in a previous execution, " +
                $"but the current replay scheduled {actual}. Expected {expected}, actual {actual}.");
        }

        action.InHistory = true;
    }

    private static string Describe(ActionKind kind, string name) => kind switch
    {
        ActionKind.Activity => $"activity '{name}'",
        ActionKind.SubOrchestration => $"sub-orchestration '{name}'",
        _ => "a timer",
    };

    /// <summary>An action the code scheduled.</summary>
    internal sealed class PendingAction(int id, ActionKind kind, string name)
    {
        public int Id { get; } = id;

        public ActionKind Kind { get; } = kind;

        public string Name { get; } = name;

        public string? Input { get; init; }

        public DateTimeOffset FireAt { get; init; }

        public string? ChildInstanceId { get; init; }

        public bool InHistory { get; set; }

        public TaskCompletionSource<string?> Completion { get; } = new();
    }
}
