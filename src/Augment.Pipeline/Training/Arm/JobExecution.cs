namespace Augment.Pipeline.Training.Arm;

/// <summary>A Container Apps job execution as <c>GET …/executions/{name}</c> returns it.</summary>
/// <param name="Name">Execution name.</param>
/// <param name="Status">Raw ARM <c>properties.status</c>.</param>
/// <param name="StartTime">Start time, when given.</param>
/// <param name="EndTime">End time, once finished.</param>
public sealed record JobExecution(string Name, string? Status, DateTimeOffset? StartTime, DateTimeOffset? EndTime)
{
    /// <summary>The status as a <see cref="TrainingJobState"/>.</summary>
    public TrainingJobState State => TrainingJobStates.FromArm(Status);
}
