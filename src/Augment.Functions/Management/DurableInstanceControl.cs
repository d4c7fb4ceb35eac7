using System.Text.Json;
using Augment.Durable;

namespace Augment.Functions.Management;

/// <summary>
/// <see cref="IInstanceControl"/> over <see cref="DurableTaskClient"/>. Restart is built from start (same orchestrator,
/// same input). Events, terminate, suspend/resume and purge need the engine support the durable-model work adds to
/// the client; until it is merged they throw <see cref="NotSupportedException"/> (the API answers 501).
/// </summary>
internal sealed class DurableInstanceControl(DurableTaskClient client) : IInstanceControl
{
    private const string Pending = "needs the durable engine's client support (RaiseEvent/Terminate/Suspend/Resume/Purge), not merged into this build yet";

    public Task RaiseEventAsync(string instanceId, string eventName, string? jsonPayload, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"Raising events {Pending}.");

    public Task TerminateAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"Terminate {Pending}.");

    public Task SuspendAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"Suspend {Pending}.");

    public Task ResumeAsync(string instanceId, string? reason, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"Resume {Pending}.");

    public async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken)
            ?? throw new KeyNotFoundException($"No instance '{instanceId}'.");
        object? input = existing.SerializedInput is { } json ? JsonDocument.Parse(json).RootElement.Clone() : null;
        var newId = restartWithNewInstanceId ? $"{instanceId}-{Guid.NewGuid():N}"[..Math.Min(instanceId.Length + 13, 256)] : instanceId;
        return await client.ScheduleNewOrchestrationInstanceAsync(existing.Name, input, newId, cancellationToken);
    }

    public Task<int> PurgeAsync(string instanceId, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"Purge {Pending}.");

    public Task<int> PurgeAsync(InstanceQuery filter, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"Purge {Pending}.");
}
