using System.Collections;
using System.Globalization;

namespace Augment.LocalHost.Tests.Timers;

/// <summary>
/// A random NCRONTAB expression with the value sets it denotes, built side by side (so the reference does not go
/// through the parser), and a brute-force reference: every second of a year is tested against those sets.
/// </summary>
internal sealed record CronCase(string Expression, bool[][] Sets)
{
    private static readonly string[] Months = ["jan", "FEB", "Mar", "april", "May", "JUNE", "Jul", "aug", "Sept", "oct", "Nov", "December"];
    private static readonly string[] Days = ["Sun", "MON", "tue", "Wednesday", "thu", "FRI", "saturday"];
    private static readonly (int Min, int Max)[] Ranges = [(0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 6)];

    public static CronCase Random(int seed)
    {
        var random = new Random(seed);
        var parts = new string[6];
        var sets = new bool[6][];
        for (var f = 0; f < 6; f++)
        {
            (parts[f], sets[f]) = Field(random, f);
        }

        // Now and then a five-field expression: seconds are then 0.
        if (random.Next(5) == 0)
        {
            sets[0] = new bool[60];
            sets[0][0] = true;
            return new CronCase(string.Join(' ', parts[1..]), sets);
        }

        return new CronCase(string.Join(' ', parts), sets);
    }

    private static (string Text, bool[] Set) Field(Random random, int field)
    {
        var (min, max) = Ranges[field];
        var set = new bool[max + 1];
        var items = new List<string>();
        var count = random.Next(4) == 0 ? random.Next(2, 4) : 1;
        for (var i = 0; i < count; i++)
        {
            int first, last, step = 1;
            string text;
            switch (random.Next(field >= 3 ? 6 : 5))
            {
                case 0:
                    (first, last, text) = (min, max, "*");
                    break;
                case 1:
                    step = random.Next(1, 15);
                    (first, last, text) = (min, max, $"*/{step}");
                    break;
                case 2:
                    first = random.Next(min, max + 1);
                    last = random.Next(first, max + 1);
                    text = $"{Value(field, first, random)}-{Value(field, last, random)}";
                    if (random.Next(2) == 0)
                    {
                        step = random.Next(1, 8);
                        text += $"/{step}";
                    }

                    break;
                case 3:
                    first = random.Next(min, max + 1);
                    step = random.Next(2, 20);
                    last = max;
                    text = $"{first}/{step}";
                    break;
                default:
                    first = last = random.Next(min, max + 1);
                    text = Value(field, first, random);
                    break;
            }

            for (var v = first; v <= last; v += step)
            {
                set[v] = true;
            }

            items.Add(text);
        }

        return (string.Join(',', items), set);
    }

    private static string Value(int field, int value, Random random) =>
        field == 4 && random.Next(3) == 0 ? Months[value - 1]
        : field == 5 && random.Next(3) == 0 ? Days[value]
        : value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Bit i set = the schedule fires at <paramref name="start"/> + i seconds; found by testing every second (day by day, then h:m:s).</summary>
    public BitArray BruteForce(DateTime start, int seconds)
    {
        var bits = new BitArray(seconds);
        var i = 0;
        for (var day = start; i < seconds; day = day.AddDays(1))
        {
            if (!(Sets[4][day.Month] && Sets[3][day.Day] && Sets[5][(int)day.DayOfWeek]))
            {
                i += 86400; // no second of this day can match
                continue;
            }

            for (var h = 0; h < 24; h++)
            {
                for (var m = 0; m < 60; m++)
                {
                    for (var s = 0; s < 60 && i < seconds; s++, i++)
                    {
                        if (Sets[2][h] && Sets[1][m] && Sets[0][s])
                        {
                            bits[i] = true;
                        }
                    }
                }
            }
        }

        return bits;
    }
}
