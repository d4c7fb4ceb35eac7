using DurableTask.Core.History;
using Microsoft.DurableTask.Client;

namespace Augment.App.Http;

/// <summary>
/// Where a run's history comes from for <c>showHistory=true</c> and the dashboard's timeline. The default asks the
/// <see cref="DurableTaskClient"/> (the Durable Functions extension streams it in Azure); a host whose client cannot
/// (the local host's gRPC sidecar streams only in-flight histories) registers its own.
/// </summary>
public interface IOrchestrationHistory
{
    /// <summary>The history events of the instance's latest execution, oldest first.</summary>
    Task<IList<HistoryEvent>> GetAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken);
}

/// <summary>The history through the client.</summary>
internal sealed class ClientOrchestrationHistory : IOrchestrationHistory
{
    public Task<IList<HistoryEvent>> GetAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken) =>
        client.GetOrchestrationHistoryAsync(instanceId, cancellationToken);
}
