using System.Text.Json;

namespace Augment.Durable;

public static partial class DurableStatusJson
{
    private static void WriteHistory(Utf8JsonWriter writer, IReadOnlyList<HistoryEvent> history, DurableStatusJsonOptions options)
    {
        // TaskScheduled / SubOrchestrationInstanceCreated rows fold into their completion rows (Durable Functions does the same).
        var scheduled = new Dictionary<int, Scheduled>();
        foreach (var e in history)
        {
            switch (e)
            {
                case TaskScheduledEvent ts:
                    scheduled[ts.EventId] = new Scheduled(ts.Name, ts.Input, ts.Timestamp);
                    break;
                case SubOrchestrationInstanceCreatedEvent sc:
                    scheduled[sc.EventId] = new Scheduled(sc.Name, sc.Input, sc.Timestamp);
                    break;
                default:
                    break;
            }
        }

        writer.WriteStartArray();
        foreach (var e in history)
        {
            if (e is OrchestratorStartedEvent or OrchestratorCompletedEvent or TaskScheduledEvent or SubOrchestrationInstanceCreatedEvent)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("EventType", e.EventType.ToString());
            WriteFields(writer, e, scheduled, options);
            writer.WriteString("Timestamp", FormatEventTime(e.Timestamp));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteFields(Utf8JsonWriter writer, HistoryEvent e, Dictionary<int, Scheduled> scheduled, DurableStatusJsonOptions options)
    {
        switch (e)
        {
            case ExecutionStartedEvent started:
                writer.WriteString("FunctionName", started.Name);
                WriteInput(writer, started.Input, options);
                break;
            case TaskCompletedEvent or SubOrchestrationInstanceCompletedEvent:
                var (completedId, result) = e is TaskCompletedEvent tc ? (tc.TaskScheduledId, tc.Result) : (((SubOrchestrationInstanceCompletedEvent)e).TaskScheduledId, ((SubOrchestrationInstanceCompletedEvent)e).Result);
                WriteScheduled(writer, scheduled.GetValueOrDefault(completedId), options);
                if (options.ShowHistoryOutput)
                {
                    WriteToken(writer, "Result", result);
                }

                break;
            case TaskFailedEvent or SubOrchestrationInstanceFailedEvent:
                var (failedId, reason, failure) = e is TaskFailedEvent tf
                    ? (tf.TaskScheduledId, tf.Reason, tf.FailureDetails)
                    : (((SubOrchestrationInstanceFailedEvent)e).TaskScheduledId, ((SubOrchestrationInstanceFailedEvent)e).Reason, ((SubOrchestrationInstanceFailedEvent)e).FailureDetails);
                WriteScheduled(writer, scheduled.GetValueOrDefault(failedId), options);
                writer.WriteString("Reason", reason);
                writer.WriteString("Details", failure.ToString());
                break;
            case TimerCreatedEvent created:
                writer.WriteString("FireAt", FormatEventTime(created.FireAt));
                break;
            case TimerFiredEvent fired:
                writer.WriteString("FireAt", FormatEventTime(fired.FireAt));
                break;
            case EventRaisedEvent raised:
                writer.WriteString("Name", raised.Name);
                WriteInput(writer, raised.Input, options);
                break;
            case ExecutionTerminatedEvent terminated:
                WriteInput(writer, terminated.Input, options);
                break;
            case ExecutionSuspendedEvent suspended:
                writer.WriteString("Reason", suspended.Reason);
                break;
            case ExecutionResumedEvent resumed:
                writer.WriteString("Reason", resumed.Reason);
                break;
            case ExecutionCompletedEvent done:
                writer.WriteString("OrchestrationStatus", done.OrchestrationStatus.ToString());
                if (options.ShowHistoryOutput)
                {
                    WriteToken(writer, "Result", done.Result);
                }

                break;
            case ExecutionFailedEvent failedExecution:
                writer.WriteString("OrchestrationStatus", failedExecution.OrchestrationStatus.ToString());
                writer.WriteString("Reason", failedExecution.FailureDetails.ErrorMessage);
                writer.WriteString("Details", failedExecution.FailureDetails.ToString());
                break;
            default:
                break;
        }
    }

    private static void WriteInput(Utf8JsonWriter writer, string? input, DurableStatusJsonOptions options)
    {
        if (options.ShowInput && input is not null)
        {
            WriteToken(writer, "Input", input);
        }
    }

    private static void WriteScheduled(Utf8JsonWriter writer, Scheduled? scheduled, DurableStatusJsonOptions options)
    {
        if (scheduled is null)
        {
            return;
        }

        writer.WriteString("FunctionName", scheduled.Name);
        WriteInput(writer, scheduled.Input, options);
        writer.WriteString("ScheduledTime", FormatEventTime(scheduled.Time));
    }

    private sealed record Scheduled(string Name, string? Input, DateTimeOffset Time);
}
