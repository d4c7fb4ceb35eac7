namespace Augment.Durable;

/// <summary>What an activity knows about its invocation.</summary>
/// <param name="Name">The activity's registered name.</param>
/// <param name="InstanceId">The orchestration instance that scheduled it.</param>
/// <param name="TaskId">The sequence id of the scheduled task within that instance.</param>
public sealed record TaskActivityContext(string Name, string InstanceId, int TaskId);
