using Augment.App.Http;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask.Client;

namespace Augment.Dev.Durable;

/// <summary>
/// Run histories read from the orchestration service itself: the gRPC sidecar streams only the histories of
/// orchestrations it is executing, so <c>DurableTaskClient.GetOrchestrationHistoryAsync</c> answers nothing for a
/// finished run on the local host.
/// </summary>
internal sealed class ServiceOrchestrationHistory(IOrchestrationServiceClient service) : IOrchestrationHistory
{
    private static readonly Newtonsoft.Json.JsonSerializer Json = Newtonsoft.Json.JsonSerializer.CreateDefault();

    public async Task<IList<HistoryEvent>> GetAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        var state = (await service.GetOrchestrationStateAsync(instanceId, allExecutions: false).WaitAsync(cancellationToken))?.FirstOrDefault();
        if (state?.OrchestrationInstance?.ExecutionId is not { } executionId)
        {
            return [];
        }

        string json;
        try
        {
            json = await service.GetOrchestrationHistoryAsync(instanceId, executionId).WaitAsync(cancellationToken);
        }
        catch (NotImplementedException)
        {
            // The in-memory service (augment run, tests) keeps no queryable history: the status shows none.
            return [];
        }

        return string.IsNullOrEmpty(json) ? [] : Parse(json);
    }

    /// <summary>
    /// The service writes the events without type names, each with its <c>EventType</c>: read each into the concrete
    /// <c>DurableTask.Core.History.{EventType}Event</c> class (events of a kind this build does not know are skipped).
    /// </summary>
    internal static List<HistoryEvent> Parse(string json)
    {
        var events = new List<HistoryEvent>();
        foreach (var token in Newtonsoft.Json.Linq.JArray.Parse(json).OfType<Newtonsoft.Json.Linq.JObject>())
        {
            // EventType is written as its number (DTFx's default enum serialisation) or, by other writers, its name.
            var kind = token["EventType"] switch
            {
                { Type: Newtonsoft.Json.Linq.JTokenType.Integer } number => ((EventType)(int)number).ToString(),
                { Type: Newtonsoft.Json.Linq.JTokenType.String } name => (string?)name,
                _ => null,
            };
            var type = kind is null ? null : typeof(HistoryEvent).Assembly.GetType($"DurableTask.Core.History.{kind}Event");
            if (type is not null && token.ToObject(type, Json) is HistoryEvent e)
            {
                events.Add(e);
            }
        }

        return events;
    }
}
