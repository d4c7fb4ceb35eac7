using System.Globalization;

namespace Augment.LocalHost.Timers;

/// <summary>
/// An NCRONTAB schedule as the Functions timer trigger reads it (CONTRACTS.md §3): six fields
/// <c>{second} {minute} {hour} {day} {month} {day-of-week}</c>, or five (seconds are then 0). Each field takes
/// <c>*</c>, <c>n</c>, <c>a-b</c>, lists <c>a,b,c</c>, steps <c>*/n</c>, <c>a-b/n</c> and <c>a/n</c> (from a to the
/// field's maximum), and months and days of the week by English name (case-insensitive, any prefix of at least
/// three letters: <c>Jan</c>, <c>MON</c>, <c>Tues</c>). Unlike Vixie cron, day-of-month AND day-of-week must both match.
/// Times are wall-clock values with no time zone (the host evaluates in UTC unless told otherwise).
/// </summary>
public sealed class CronSchedule
{
    private static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    private readonly CronField _seconds;
    private readonly CronField _minutes;
    private readonly CronField _hours;
    private readonly CronField _days;
    private readonly CronField _months;
    private readonly CronField _daysOfWeek;

    private CronSchedule(string expression, bool includesSeconds, CronField[] fields)
    {
        Expression = expression;
        IncludesSeconds = includesSeconds;
        (_seconds, _minutes, _hours, _days, _months, _daysOfWeek) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    /// <summary>The expression as given.</summary>
    public string Expression { get; }

    /// <summary>False for a five-field expression (seconds fixed at 0).</summary>
    public bool IncludesSeconds { get; }

    /// <summary>Parses <paramref name="expression"/>.</summary>
    /// <exception cref="FormatException">The expression is not valid NCRONTAB; the message says which field and why.</exception>
    public static CronSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parts = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (5 or 6))
        {
            throw new FormatException($"'{expression}' is not an NCRONTAB expression: expected 6 fields (second minute hour day month day-of-week) or 5, found {parts.Length}.");
        }

        var includesSeconds = parts.Length == 6;
        var offset = includesSeconds ? 0 : 1;
        var fields = new CronField[6];
        fields[0] = includesSeconds ? ParseField(parts[0], "second", 0, 59, null) : CronField.Single(0);
        fields[1] = ParseField(parts[1 - offset], "minute", 0, 59, null);
        fields[2] = ParseField(parts[2 - offset], "hour", 0, 23, null);
        fields[3] = ParseField(parts[3 - offset], "day", 1, 31, null);
        fields[4] = ParseField(parts[4 - offset], "month", 1, 12, MonthNames);
        fields[5] = ParseField(parts[5 - offset], "day-of-week", 0, 6, DayNames);
        return new CronSchedule(expression, includesSeconds, fields);
    }

    /// <summary>Parses <paramref name="expression"/>, or returns false with the reason in <paramref name="error"/>.</summary>
    public static bool TryParse(string expression, out CronSchedule? schedule, out string? error)
    {
        try
        {
            schedule = Parse(expression);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            schedule = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>True when the schedule fires at <paramref name="time"/> (to the second; fractions are ignored).</summary>
    public bool Matches(DateTime time) =>
        _seconds.Contains(time.Second) && _minutes.Contains(time.Minute) && _hours.Contains(time.Hour)
        && _days.Contains(time.Day) && _months.Contains(time.Month) && _daysOfWeek.Contains((int)time.DayOfWeek);

    /// <summary>The first occurrence strictly after <paramref name="baseTime"/>, or null when there is none before <paramref name="endTime"/> (default: 10 years on).</summary>
    public DateTime? GetNextOccurrence(DateTime baseTime, DateTime? endTime = null)
    {
        var end = endTime ?? (baseTime.Year <= 9989 ? baseTime.AddYears(10) : DateTime.MaxValue);
        var start = new DateTime(baseTime.Year, baseTime.Month, baseTime.Day, baseTime.Hour, baseTime.Minute, baseTime.Second, baseTime.Kind);
        if (start >= DateTime.MaxValue.AddSeconds(-1))
        {
            return null;
        }

        var t = start.AddSeconds(1);
        while (t < end)
        {
            if (!_months.Contains(t.Month))
            {
                t = StartOfMonth(t).AddMonths(1);
                continue;
            }

            if (!_days.Contains(t.Day) || !_daysOfWeek.Contains((int)t.DayOfWeek))
            {
                t = t.Date.AddDays(1);
                continue;
            }

            if (!_hours.Contains(t.Hour))
            {
                t = new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, t.Kind).AddHours(1);
                continue;
            }

            if (!_minutes.Contains(t.Minute))
            {
                t = new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, t.Kind).AddMinutes(1);
                continue;
            }

            if (!_seconds.Contains(t.Second))
            {
                var next = _seconds.NextFrom(t.Second);
                t = next is { } s
                    ? new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, s, t.Kind)
                    : new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, t.Kind).AddMinutes(1);
                continue;
            }

            return t;
        }

        return null;
    }

    /// <summary>Every occurrence strictly after <paramref name="baseTime"/> and strictly before <paramref name="endTime"/>.</summary>
    public IEnumerable<DateTime> GetOccurrences(DateTime baseTime, DateTime endTime)
    {
        for (var t = GetNextOccurrence(baseTime, endTime); t is { } next; t = GetNextOccurrence(next, endTime))
        {
            yield return next;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Expression;

    private static DateTime StartOfMonth(DateTime t) => new(t.Year, t.Month, 1, 0, 0, 0, t.Kind);

    private static CronField ParseField(string text, string field, int min, int max, string[]? names)
    {
        ulong bits = 0;
        foreach (var part in text.Split(','))
        {
            bits |= ParsePart(part, field, min, max, names);
        }

        return new CronField(bits);
    }

    private static ulong ParsePart(string part, string field, int min, int max, string[]? names)
    {
        if (part.Length == 0)
        {
            throw Error(field, part, "empty list item");
        }

        var step = 1;
        var slash = part.IndexOf('/', StringComparison.Ordinal);
        var range = part;
        if (slash >= 0)
        {
            if (!int.TryParse(part.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
            {
                throw Error(field, part, "the step after '/' must be a positive number");
            }

            range = part[..slash];
        }

        int first, last;
        if (range == "*")
        {
            (first, last) = (min, max);
        }
        else if (range.IndexOf('-', StringComparison.Ordinal) is var dash and > 0)
        {
            first = ParseValue(range[..dash], field, part, min, max, names);
            last = ParseValue(range[(dash + 1)..], field, part, min, max, names);
            if (first > last)
            {
                throw Error(field, part, $"range start {first} is after its end {last}");
            }
        }
        else
        {
            first = ParseValue(range, field, part, min, max, names);
            last = slash >= 0 ? max : first;
        }

        ulong bits = 0;
        for (var v = first; v <= last; v += step)
        {
            bits |= 1UL << v;
        }

        return bits;
    }

    private static int ParseValue(string text, string field, string part, int min, int max, string[]? names)
    {
        if (text.Length > 0 && char.IsAsciiLetter(text[0]))
        {
            if (names is null)
            {
                throw Error(field, part, "names are allowed only for months and days of the week");
            }

            for (var i = 0; i < names.Length; i++)
            {
                if (text.Length >= 3 && names[i].StartsWith(text, StringComparison.OrdinalIgnoreCase))
                {
                    return i + min;
                }
            }

            throw Error(field, part, $"'{text}' is not a {field} name");
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(field, part, $"'{text}' is not a number");
        }

        if (value < min || value > max)
        {
            throw Error(field, part, $"{value} is outside {min}-{max}");
        }

        return value;
    }

    private static FormatException Error(string field, string part, string why) =>
        new($"NCRONTAB {field} field '{part}': {why}.");

    /// <summary>The allowed values of one field as a bit set (bit v set = value v allowed).</summary>
    private readonly record struct CronField(ulong Bits)
    {
        public static CronField Single(int value) => new(1UL << value);

        public bool Contains(int value) => (Bits & (1UL << value)) != 0;

        public int? NextFrom(int value)
        {
            var rest = value >= 63 ? 0 : Bits >> (value + 1);
            return rest == 0 ? null : value + 1 + System.Numerics.BitOperations.TrailingZeroCount(rest);
        }
    }
}
