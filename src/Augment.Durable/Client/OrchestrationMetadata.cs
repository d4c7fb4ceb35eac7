namespace Augment.Durable;

/// <summary>What a client sees of an instance.</summary>
public sealed record OrchestrationMetadata
{
    /// <summary>The orchestrator's name.</summary>
    public required string Name { get; init; }

    /// <summary>The instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The runtime status.</summary>
    public required OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>When the instance was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When its state last changed.</summary>
    public required DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>The serialized input (only when inputs and outputs were requested).</summary>
    public string? SerializedInput { get; init; }

    /// <summary>The serialized output (only when inputs and outputs were requested).</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>The serialized custom status.</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>Why the instance failed.</summary>
    public FailureDetails? FailureDetails { get; init; }

    /// <summary>The converter for the Read* helpers.</summary>
    public DataConverter DataConverter { get; init; } = JsonDataConverter.Default;

    /// <summary>True once the instance reached a terminal status.</summary>
    public bool IsCompleted => RuntimeStatus.IsTerminal();

    /// <summary>Deserializes the output.</summary>
    public T? ReadOutputAs<T>() => DataConverter.Deserialize<T>(SerializedOutput);

    /// <summary>Deserializes the input.</summary>
    public T? ReadInputAs<T>() => DataConverter.Deserialize<T>(SerializedInput);

    /// <summary>Deserializes the custom status.</summary>
    public T? ReadCustomStatusAs<T>() => DataConverter.Deserialize<T>(SerializedCustomStatus);

    internal static OrchestrationMetadata From(InstanceState state, bool getInputsAndOutputs, DataConverter converter) => new()
    {
        Name = state.Name,
        InstanceId = state.InstanceId,
        RuntimeStatus = state.RuntimeStatus,
        CreatedAt = state.CreatedAt,
        LastUpdatedAt = state.LastUpdatedAt,
        SerializedInput = getInputsAndOutputs ? state.Input : null,
        SerializedOutput = getInputsAndOutputs ? state.Output : null,
        SerializedCustomStatus = state.CustomStatus,
        FailureDetails = state.FailureDetails,
        DataConverter = converter,
    };
}
