using System.Text.Json.Serialization;

namespace Augment.Dev.Triggers;

/// <summary>
/// The schedule monitor's record, stored at <c>azure-webjobs-hosts/timers/{hostId}/Host.Functions.{name}/status</c>
/// as <c>{"Last":"…","Next":"…","LastUpdated":"…"}</c> (CONTRACTS.md §3); the worker's <c>ScheduleStatus</c>.
/// </summary>
/// <param name="Last">When the timer last fired; <see cref="DateTimeOffset.MinValue"/> before the first run.</param>
/// <param name="Next">When it is due next.</param>
/// <param name="LastUpdated">When this record was written.</param>
internal sealed record TimerScheduleStatus(DateTimeOffset Last, DateTimeOffset Next, DateTimeOffset LastUpdated);

/// <summary>One firing, handed to the timer's callback: what the worker's <c>TimerInfo</c> carries.</summary>
/// <param name="ScheduleStatus">The status before this run; null when the monitor is off.</param>
/// <param name="IsPastDue">True for the one catch-up run after downtime.</param>
internal sealed record TimerFire(TimerScheduleStatus? ScheduleStatus, bool IsPastDue);

[JsonSerializable(typeof(TimerScheduleStatus))]
internal sealed partial class TimerJsonContext : JsonSerializerContext;
