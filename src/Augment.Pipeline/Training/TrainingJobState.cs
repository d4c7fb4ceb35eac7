namespace Augment.Pipeline.Training;

/// <summary>Where a training job execution stands, whatever runs it.</summary>
public enum TrainingJobState
{
    /// <summary>The runner cannot tell (ARM <c>Unknown</c> or an unrecognised status).</summary>
    Unknown,

    /// <summary>Started and not finished (ARM <c>Running</c> or <c>Processing</c>).</summary>
    Running,

    /// <summary>Finished with exit code 0 (ARM <c>Succeeded</c>).</summary>
    Succeeded,

    /// <summary>Finished unsuccessfully (ARM <c>Failed</c> or <c>Degraded</c>; a non-zero exit locally).</summary>
    Failed,

    /// <summary>Stopped on request (ARM <c>Stopped</c>; killed locally).</summary>
    Stopped,
}

/// <summary>Maps ARM execution statuses to <see cref="TrainingJobState"/>.</summary>
public static class TrainingJobStates
{
    /// <summary>Maps a <c>properties.status</c> value of a Container Apps job execution (CONTRACTS §6).</summary>
    public static TrainingJobState FromArm(string? status) => status switch
    {
        "Running" or "Processing" => TrainingJobState.Running,
        "Succeeded" => TrainingJobState.Succeeded,
        "Failed" or "Degraded" => TrainingJobState.Failed,
        "Stopped" => TrainingJobState.Stopped,
        _ => TrainingJobState.Unknown,
    };

    /// <summary>True for states that will not change any more.</summary>
    public static bool IsTerminal(this TrainingJobState state) =>
        state is TrainingJobState.Succeeded or TrainingJobState.Failed or TrainingJobState.Stopped;
}
