using System.Text.Json.Serialization;

namespace Augment.LocalHost.Timers;

/// <summary>
/// The schedule monitor's record, stored at <c>azure-webjobs-hosts/timers/{hostId}/Host.Functions.{Name}/status</c>
/// as <c>{"Last":"…","Next":"…","LastUpdated":"…"}</c> (CONTRACTS.md §3). <c>Last</c> is <see cref="DateTimeOffset.MinValue"/> before the first run.
/// </summary>
/// <param name="Last">When the timer last fired.</param>
/// <param name="Next">When it is due next.</param>
/// <param name="LastUpdated">When this record was written.</param>
public sealed record TimerStatus(DateTimeOffset Last, DateTimeOffset Next, DateTimeOffset LastUpdated);

/// <summary>The <c>TimerInfo</c> handed to the function: <c>{"Schedule":{"AdjustForDST":true},"ScheduleStatus":…,"IsPastDue":…}</c>.</summary>
/// <param name="ScheduleStatus">The status before this run; null when the monitor is off.</param>
/// <param name="IsPastDue">True for the one catch-up run after downtime.</param>
public sealed record TimerInfo(TimerStatus? ScheduleStatus, bool IsPastDue);

[JsonSerializable(typeof(TimerStatus))]
internal sealed partial class TimerJsonContext : JsonSerializerContext;
