using System.Text.RegularExpressions;
using NCrontab;

namespace Augment.Dev.Triggers;

/// <summary>
/// A timer trigger's schedule: an NCRONTAB expression parsed by NCrontab, as the Functions host does (CONTRACTS.md
/// §3). Six fields <c>{second} {minute} {hour} {day} {month} {day-of-week}</c>, or five (seconds are then 0);
/// day-of-month and day-of-week must both match; the next occurrence is strictly after the base time. Evaluated in
/// UTC (no <c>WEBSITE_TIME_ZONE</c>). <c>%Setting%</c> references are resolved first, as the host's name resolver does.
/// </summary>
internal sealed partial class TimerSchedule
{
    private readonly CrontabSchedule _schedule;

    private TimerSchedule(string expression, CrontabSchedule schedule, bool includesSeconds)
    {
        Expression = expression;
        _schedule = schedule;
        IncludesSeconds = includesSeconds;
    }

    /// <summary>The expression after <c>%Setting%</c> resolution.</summary>
    public string Expression { get; }

    /// <summary>True for a six-field expression.</summary>
    public bool IncludesSeconds { get; }

    /// <summary>Parses <paramref name="expression"/>, replacing each <c>%Name%</c> with <paramref name="resolveSetting"/>(Name).</summary>
    /// <exception cref="FormatException">A setting is missing, or the expression is not a 5- or 6-field NCRONTAB expression.</exception>
    public static TimerSchedule Parse(string expression, Func<string, string?>? resolveSetting = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var resolved = ResolveSettings(expression, resolveSetting).Trim();
        if (TimeSpan.TryParse(resolved, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"schedule '{resolved}': TimeSpan schedules are not supported here; use an NCRONTAB expression.");
        }

        var fields = resolved.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            throw new FormatException($"schedule '{resolved}': expected 6 fields ({{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}) or 5, found {fields}.");
        }

        try
        {
            var schedule = CrontabSchedule.Parse(resolved, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 });
            return new TimerSchedule(resolved, schedule, fields == 6);
        }
        catch (CrontabException ex)
        {
            throw new FormatException($"schedule '{resolved}': {OneLine(ex.Message)}", ex);
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null if there is none (e.g. 30 February).</summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after)
    {
        var baseTime = after.UtcDateTime;
        if (baseTime >= DateTime.MaxValue.AddYears(-1))
        {
            return null;
        }

        // NCrontab returns its end time when nothing falls before it.
        var end = baseTime.AddYears(100) < DateTime.MaxValue.AddYears(-1) ? baseTime.AddYears(100) : DateTime.MaxValue.AddYears(-1);
        var next = _schedule.GetNextOccurrence(baseTime, end);
        return next >= end ? null : new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
    }

    /// <summary>Every occurrence strictly after <paramref name="from"/> and before <paramref name="to"/>.</summary>
    public IEnumerable<DateTimeOffset> GetOccurrences(DateTimeOffset from, DateTimeOffset to) =>
        _schedule.GetNextOccurrences(from.UtcDateTime, to.UtcDateTime).Select(t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)));

    /// <inheritdoc/>
    public override string ToString() => Expression;

    private static string ResolveSettings(string expression, Func<string, string?>? resolveSetting) =>
        SettingReference().Replace(expression, match =>
        {
            var name = match.Groups["name"].Value;
            return resolveSetting?.Invoke(name) is { } value
                ? value
                : throw new FormatException($"schedule '{expression}': app setting '{name}' is not set.");
        });

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex("%(?<name>[^%]+)%", RegexOptions.CultureInvariant)]
    private static partial Regex SettingReference();
}
