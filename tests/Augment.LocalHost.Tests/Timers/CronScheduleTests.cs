using Augment.LocalHost.Timers;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Augment.LocalHost.Tests.Timers;

public class CronScheduleTests
{
    private static readonly DateTime YearStart = new(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly int YearSeconds = (int)(YearStart.AddYears(1) - YearStart).TotalSeconds;

    private static DateTime Utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) => new(y, mo, d, h, mi, s, DateTimeKind.Utc);

    [Fact]
    public void GetNextOccurrence_RandomExpressions_MatchBruteForceOverAYearOfSeconds()
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(40)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261121UL, 1442695040888963407UL), FSharpOption<int>.None)));
        var seeds = Gen.Choose(0, int.MaxValue).ToArbitrary();

        Check.One(config, Prop.ForAll(seeds, seed =>
        {
            var testCase = CronCase.Random(seed);
            var schedule = CronSchedule.Parse(testCase.Expression);
            var expected = testCase.BruteForce(YearStart, YearSeconds);
            var random = new Random(seed);

            // From random base times (and from each found occurrence), the next occurrence is the next set second.
            for (var probe = 0; probe < 12; probe++)
            {
                var offset = random.Next(YearSeconds - 1);
                var next = schedule.GetNextOccurrence(YearStart.AddSeconds(offset).AddMilliseconds(random.Next(1000)), YearStart.AddSeconds(YearSeconds));
                var reference = NextSet(expected, offset + 1);
                if (reference < 0 ? next is not null : next != YearStart.AddSeconds(reference))
                {
                    throw new InvalidOperationException($"'{testCase.Expression}' after +{offset}s: got {next:O}, reference {(reference < 0 ? "none" : YearStart.AddSeconds(reference).ToString("O"))}");
                }

                if (next is { } hit && !schedule.Matches(hit))
                {
                    throw new InvalidOperationException($"'{testCase.Expression}': {hit:O} returned but does not match");
                }
            }

            return true;
        }));
    }

    /// <summary>The first set bit at or after <paramref name="from"/>, or -1 (scans 32 bits at a time).</summary>
    private static int NextSet(System.Collections.BitArray bits, int from)
    {
        var words = new int[(bits.Length + 31) / 32];
        bits.CopyTo(words, 0);
        for (var w = from / 32; w < words.Length; w++)
        {
            var word = (uint)words[w];
            if (w == from / 32)
            {
                word &= uint.MaxValue << (from % 32);
            }

            if (word != 0)
            {
                var index = (w * 32) + System.Numerics.BitOperations.TrailingZeroCount(word);
                return index < bits.Length ? index : -1;
            }
        }

        return -1;
    }

    [Theory]
    [InlineData("0 */5 * * * *", "2027-03-10T10:02:07", "2027-03-10T10:05:00")]
    [InlineData("0 0 2 * * *", "2027-03-10T02:00:00", "2027-03-11T02:00:00")] // strictly after the base time
    [InlineData("0 0 2 * * *", "2027-03-10T01:59:59.900", "2027-03-10T02:00:00")]
    [InlineData("*/15 * * * *", "2027-03-10T10:07:30", "2027-03-10T10:15:00")] // 5 fields: seconds are 0
    [InlineData("30 15 9 * Jan-Mar Mon-Fri", "2027-03-31T09:15:30", "2028-01-03T09:15:30")]
    [InlineData("0 0 0 13 * Fri", "2027-01-01T00:00:00", "2027-08-13T00:00:00")] // Friday the 13th: day AND day-of-week
    [InlineData("0 0 12 29 Feb *", "2027-01-01T00:00:00", "2028-02-29T12:00:00")]
    [InlineData("0 0 9-17/4 * * *", "2027-06-01T13:00:00", "2027-06-01T17:00:00")]
    [InlineData("0 0 0 * * SUNDAY,sat", "2027-06-02T00:00:00", "2027-06-05T00:00:00")]
    [InlineData("5/20 * * * * *", "2027-06-02T00:00:45", "2027-06-02T00:01:05")]
    [InlineData("0 0 0 31 * *", "2027-04-01T00:00:00", "2027-05-31T00:00:00")]
    [InlineData("59 59 23 31 12 *", "2027-06-01T00:00:00", "2027-12-31T23:59:59")]
    public void GetNextOccurrence_KnownCases(string expression, string baseTime, string expected)
    {
        var schedule = CronSchedule.Parse(expression);

        var next = schedule.GetNextOccurrence(DateTime.Parse(baseTime, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void GetNextOccurrence_ImpossibleDate_ReturnsNull()
    {
        var schedule = CronSchedule.Parse("0 0 0 30 Feb *");

        Assert.Null(schedule.GetNextOccurrence(Utc(2027, 1, 1)));
    }

    [Fact]
    public void Parse_FiveFields_HasNoSeconds()
    {
        Assert.False(CronSchedule.Parse("0 2 * * *").IncludesSeconds);
        Assert.True(CronSchedule.Parse("0 0 2 * * *").IncludesSeconds);
    }

    [Fact]
    public void GetOccurrences_EveryTenMinutesForAnHour_SixTimes()
    {
        var schedule = CronSchedule.Parse("0 */10 * * * *");

        var all = schedule.GetOccurrences(Utc(2027, 1, 1, 9), Utc(2027, 1, 1, 10)).ToList();

        Assert.Equal([10, 20, 30, 40, 50], all.Select(t => t.Minute));
    }

    [Theory]
    [InlineData("", "expected 6 fields")]
    [InlineData("* * * *", "found 4")]
    [InlineData("* * * * * * *", "found 7")]
    [InlineData("60 * * * * *", "second field '60': 60 is outside 0-59")]
    [InlineData("0 0 24 * * *", "hour field")]
    [InlineData("0 0 0 0 * *", "day field '0'")]
    [InlineData("0 0 0 * 13 *", "month field")]
    [InlineData("0 0 0 * * 7", "day-of-week field '7': 7 is outside 0-6")]
    [InlineData("*/0 * * * * *", "step")]
    [InlineData("0 0 0 * Foo *", "'Foo' is not a month name")]
    [InlineData("0 0 0 * Ja *", "'Ja' is not a month name")]
    [InlineData("0 Mon * * * *", "names are allowed only")]
    [InlineData("0 30-10 * * * *", "range start 30 is after its end 10")]
    [InlineData("0 0 0 ? * *", "'?' is not a number")]
    [InlineData("0 0 0 L * *", "names are allowed only")]
    [InlineData("0 0 0 1,,2 * *", "empty list item")]
    [InlineData("@hourly", "found 1")]
    public void Parse_BadExpression_OneLineReason(string expression, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => CronSchedule.Parse(expression));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
