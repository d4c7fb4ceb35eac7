using System.Text.Json;
using DurableTask.Core.History;

namespace Augment.App.Http;

public static partial class DurableStatusJson
{
    private static void WriteHistory(Utf8JsonWriter writer, IList<HistoryEvent> history, DurableStatusJsonOptions options)
    {
        // TaskScheduled / SubOrchestrationInstanceCreated rows fold into their completion rows (Durable Functions does the same).
        var scheduled = new Dictionary<int, Scheduled>();
        foreach (var e in history)
        {
            switch (e)
            {
                case TaskScheduledEvent ts:
                    scheduled[ts.EventId] = new Scheduled(ts.Name ?? "", ts.Input, ts.Timestamp);
                    break;
                case SubOrchestrationInstanceCreatedEvent sc:
                    scheduled[sc.EventId] = new Scheduled(sc.Name ?? "", sc.Input, sc.Timestamp);
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
            case TaskCompletedEvent completed:
                WriteScheduled(writer, scheduled.GetValueOrDefault(completed.TaskScheduledId), options);
                WriteResult(writer, completed.Result, options);
                break;
            case SubOrchestrationInstanceCompletedEvent subCompleted:
                WriteScheduled(writer, scheduled.GetValueOrDefault(subCompleted.TaskScheduledId), options);
                WriteResult(writer, subCompleted.Result, options);
                break;
            case TaskFailedEvent failed:
                WriteScheduled(writer, scheduled.GetValueOrDefault(failed.TaskScheduledId), options);
                writer.WriteString("Reason", failed.FailureDetails?.ErrorMessage ?? failed.Reason);
                writer.WriteString("Details", failed.FailureDetails?.ToString() ?? failed.Details);
                break;
            case SubOrchestrationInstanceFailedEvent subFailed:
                WriteScheduled(writer, scheduled.GetValueOrDefault(subFailed.TaskScheduledId), options);
                writer.WriteString("Reason", subFailed.FailureDetails?.ErrorMessage ?? subFailed.Reason);
                writer.WriteString("Details", subFailed.FailureDetails?.ToString() ?? subFailed.Details);
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
                if (done.FailureDetails is { } failure)
                {
                    writer.WriteString("Reason", failure.ErrorMessage);
                    writer.WriteString("Details", failure.ToString());
                }
                else
                {
                    WriteResult(writer, done.Result, options);
                }

                break;
            default:
                break;
        }
    }

    private static void WriteResult(Utf8JsonWriter writer, string? result, DurableStatusJsonOptions options)
    {
        if (options.ShowHistoryOutput)
        {
            WriteToken(writer, "Result", result);
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

    private sealed record Scheduled(string Name, string? Input, DateTime Time);
}
