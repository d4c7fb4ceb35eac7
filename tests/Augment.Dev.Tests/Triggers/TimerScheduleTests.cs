using System.Globalization;
using Augment.Dev.Triggers;

namespace Augment.Dev.Tests.Triggers;

public class TimerScheduleTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [Theory]
    [InlineData("0 */5 * * * *", "2027-03-10T10:02:07", "2027-03-10T10:05:00")]
    [InlineData("0 0 2 * * *", "2027-03-10T02:00:00", "2027-03-11T02:00:00")] // strictly after the base time
    [InlineData("0 0 2 * * *", "2027-03-10T01:59:59.900", "2027-03-10T02:00:00")]
    [InlineData("*/15 * * * *", "2027-03-10T10:07:30", "2027-03-10T10:15:00")] // 5 fields: seconds are 0
    [InlineData("30 15 9 * Jan-Mar Mon-Fri", "2027-03-31T09:15:30", "2028-01-03T09:15:30")]
    [InlineData("0 0 12 29 Feb *", "2027-01-01T00:00:00", "2028-02-29T12:00:00")]
    [InlineData("0 0 9-17/4 * * *", "2027-06-01T13:00:00", "2027-06-01T17:00:00")]
    [InlineData("0 0 0 * * SUN,sat", "2027-06-02T00:00:00", "2027-06-05T00:00:00")]
    [InlineData("0 0 0 31 * *", "2027-04-01T00:00:00", "2027-05-31T00:00:00")]
    [InlineData("59 59 23 31 12 *", "2027-06-01T00:00:00", "2027-12-31T23:59:59")]
    public void GetNextOccurrence_KnownCases(string expression, string baseTime, string expected)
    {
        var schedule = TimerSchedule.Parse(expression);

        var next = schedule.GetNextOccurrence(Utc(baseTime));

        Assert.Equal(Utc(expected), next);
        Assert.Equal(TimeSpan.Zero, next!.Value.Offset);
    }

    [Fact]
    public void GetNextOccurrence_BaseTimeWithAnOffset_EvaluatedInUtc()
    {
        var schedule = TimerSchedule.Parse("0 0 2 * * *");

        var next = schedule.GetNextOccurrence(new DateTimeOffset(2027, 3, 10, 3, 30, 0, TimeSpan.FromHours(2))); // 01:30 UTC

        Assert.Equal(Utc("2027-03-10T02:00:00"), next);
    }

    [Fact]
    public void GetNextOccurrence_DayAndDayOfWeek_BothMustMatch()
    {
        // Friday the 13th, not "the 13th or any Friday" as Vixie cron reads it.
        var next = TimerSchedule.Parse("0 0 0 13 * Fri").GetNextOccurrence(Utc("2027-01-01T00:00:00"));

        Assert.Equal(Utc("2027-08-13T00:00:00"), next);
    }

    [Fact]
    public void GetNextOccurrence_ImpossibleDate_ReturnsNull() =>
        Assert.Null(TimerSchedule.Parse("0 0 0 30 Feb *").GetNextOccurrence(Utc("2027-01-01T00:00:00")));

    [Fact]
    public void GetOccurrences_EveryTenMinutesForAnHour_BetweenTheBounds()
    {
        var schedule = TimerSchedule.Parse("0 */10 * * * *");

        var all = schedule.GetOccurrences(Utc("2027-01-01T09:00:00"), Utc("2027-01-01T10:00:00")).ToList();

        Assert.Equal([10, 20, 30, 40, 50], all.Select(t => t.Minute));
    }

    [Fact]
    public void Parse_FiveOrSixFields_IncludesSecondsOnlyForSix()
    {
        Assert.False(TimerSchedule.Parse("0 2 * * *").IncludesSeconds);
        Assert.True(TimerSchedule.Parse("0 0 2 * * *").IncludesSeconds);
    }

    [Fact]
    public void Parse_SettingReference_ResolvedBeforeParsing()
    {
        var settings = new Dictionary<string, string> { ["NightlySchedule"] = "0 30 1 * * *" };

        var schedule = TimerSchedule.Parse("%NightlySchedule%", name => settings.GetValueOrDefault(name));

        Assert.Equal("0 30 1 * * *", schedule.Expression);
        Assert.Equal(Utc("2027-03-10T01:30:00"), schedule.GetNextOccurrence(Utc("2027-03-10T00:00:00")));
    }

    [Fact]
    public void Parse_SettingReferenceInsideTheExpression_Resolved()
    {
        var schedule = TimerSchedule.Parse("0 0 %Hour% * * *", name => name == "Hour" ? "4" : null);

        Assert.Equal("0 0 4 * * *", schedule.Expression);
    }

    [Fact]
    public void Parse_MissingSetting_NamesIt()
    {
        var ex = Assert.Throws<FormatException>(() => TimerSchedule.Parse("%NightlySchedule%", _ => null));

        Assert.Contains("'NightlySchedule' is not set", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "found 0")]
    [InlineData("* * * *", "found 4")]
    [InlineData("* * * * * * *", "found 7")]
    [InlineData("@hourly", "found 1")]
    [InlineData("01:00:00", "TimeSpan schedules are not supported")]
    [InlineData("60 * * * * *", "'60 * * * * *'")]
    [InlineData("0 0 24 * * *", "'0 0 24 * * *'")]
    [InlineData("0 0 0 0 * *", "'0 0 0 0 * *'")]
    [InlineData("0 0 0 * 13 *", "'0 0 0 * 13 *'")]
    [InlineData("0 0 0 * Foo *", "'0 0 0 * Foo *'")]
    [InlineData("0 0 0 ? * *", "'0 0 0 ? * *'")]
    [InlineData("0 0 0 L * *", "'0 0 0 L * *'")]
    public void Parse_BadExpression_OneLineFormatException(string expression, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => TimerSchedule.Parse(expression));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
