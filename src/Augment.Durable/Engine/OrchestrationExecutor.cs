namespace Augment.Durable.Engine;

/// <summary>
/// Runs one episode: replays the orchestrator over its past events, then feeds it the new ones, all on a
/// <see cref="ReplaySynchronizationContext"/> so that every continuation runs inline, in event order, on the calling
/// thread. Pure: no I/O, no clock (the episode's timestamp is passed in).
/// </summary>
internal sealed class OrchestrationExecutor(DurableTaskRegistry registry, DataConverter converter)
{
    public EpisodeResult Execute(string instanceId, IReadOnlyList<HistoryEvent> pastEvents, IReadOnlyList<HistoryEvent> newEvents, DateTimeOffset now)
    {
        var episode = new List<HistoryEvent>(newEvents.Count + 4) { new OrchestratorStartedEvent { Timestamp = now } };
        episode.AddRange(newEvents);
        var all = pastEvents.Concat(episode).ToList();
        var started = all.OfType<ExecutionStartedEvent>().FirstOrDefault()
            ?? throw new InvalidOperationException($"Instance '{instanceId}' has no ExecutionStarted event.");
        var context = new ReplayOrchestrationContext(instanceId, started.Name, started.Input, converter);

        var (orchestration, failure) = Replay(context, all, pastEvents.Count);

        if (failure is null && orchestration is { IsCompleted: true })
        {
            failure = orchestration.Status switch
            {
                TaskStatus.Faulted => FailureDetails.FromException(orchestration.Exception!.InnerException ?? orchestration.Exception),
                TaskStatus.Canceled => new FailureDetails(typeof(TaskCanceledException).FullName!, "The orchestrator was canceled."),
                _ => null,
            };
        }

        var completed = failure is not null || orchestration is { IsCompleted: true };
        if (!completed)
        {
            foreach (var action in context.NewActions)
            {
                episode.Add(new TaskScheduledEvent { EventId = action.Id, Timestamp = now, Name = action.Name, Input = action.Input });
            }
        }

        episode.Add(new OrchestratorCompletedEvent { Timestamp = now });
        if (failure is not null)
        {
            episode.Add(new ExecutionFailedEvent { Timestamp = now, FailureDetails = failure });
        }
        else if (completed)
        {
            episode.Add(new ExecutionCompletedEvent { Timestamp = now, Result = orchestration!.Result });
        }

        return new EpisodeResult(episode, context.SerializedCustomStatus, completed);
    }

    private (Task<string?>? Orchestration, FailureDetails? Failure) Replay(ReplayOrchestrationContext context, List<HistoryEvent> all, int pastCount)
    {
        var sync = new ReplaySynchronizationContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(sync);
        Task<string?>? orchestration = null;
        try
        {
            for (var i = 0; i < all.Count; i++)
            {
                context.ReplayingFlag = i < pastCount;
                switch (all[i])
                {
                    case OrchestratorStartedEvent os:
                        context.CurrentTime = os.Timestamp;
                        break;
                    case ExecutionStartedEvent es:
                        if (!registry.TryGetOrchestrator(es.Name, out var function))
                        {
                            return (null, new FailureDetails("OrchestratorNotFound", $"No orchestrator named '{es.Name}' is registered.", IsNonRetriable: true));
                        }

                        orchestration = Start(function, context, es.Input);
                        break;
                    case TaskScheduledEvent ts:
                        context.MatchScheduled(ts);
                        break;
                    case TaskCompletedEvent tc:
                        context.Complete(tc.TaskScheduledId, tc.Result);
                        break;
                    case TaskFailedEvent tf:
                        context.Fail(tf.TaskScheduledId, tf.FailureDetails);
                        break;
                    default:
                        break;
                }

                sync.Drain();
            }

            return (orchestration, null);
        }
        catch (NonDeterministicOrchestrationException ex)
        {
            return (orchestration, FailureDetails.FromException(ex));
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private Task<string?> Start(OrchestratorFunc function, ReplayOrchestrationContext context, string? input)
    {
        try
        {
            return function(context, input, converter);
        }
        catch (Exception ex)
        {
            return Task.FromException<string?>(ex);
        }
    }
}

/// <summary>The events one episode appends, and what it left behind.</summary>
internal sealed record EpisodeResult(IReadOnlyList<HistoryEvent> NewEvents, string? CustomStatus, bool IsCompleted);
