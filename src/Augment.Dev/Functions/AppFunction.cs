using System.Reflection;

namespace Augment.Dev.Functions;

/// <summary>What kind of trigger starts a function.</summary>
public enum TriggerKind
{
    /// <summary><c>[OrchestrationTrigger]</c>.</summary>
    Orchestration,

    /// <summary><c>[ActivityTrigger]</c>.</summary>
    Activity,

    /// <summary><c>[HttpTrigger]</c>.</summary>
    Http,

    /// <summary><c>[BlobTrigger]</c>.</summary>
    Blob,

    /// <summary><c>[TimerTrigger]</c>.</summary>
    Timer,
}

/// <summary>One <c>[Function]</c> method of the app, as the local host hosts it.</summary>
/// <param name="Name">The function's name (<c>[Function(name)]</c>).</param>
/// <param name="Method">The method.</param>
/// <param name="Kind">Its trigger.</param>
/// <param name="Trigger">The trigger attribute (route, methods, path, schedule, …).</param>
/// <param name="TriggerParameter">The parameter the trigger binds to.</param>
public sealed record AppFunction(string Name, MethodInfo Method, TriggerKind Kind, Attribute Trigger, ParameterInfo TriggerParameter);
