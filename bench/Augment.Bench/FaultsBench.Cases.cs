using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Augment.Bench;

/// <summary>The bad inputs of the <c>faults</c> suite, generated in code (small, seeded).</summary>
internal static partial class FaultsBench
{
    /// <summary>
    /// One bad input: the CSV and augment.json (null = none) uploaded to <c>datasets/{Dataset}/</c>, the stage whose
    /// failure the reason must start with, and a pattern the reason must match to name the problem.
    /// </summary>
    private sealed record FaultCase(int Number, string Name, string Stage, Regex Names, byte[] Csv, byte[]? Spec)
    {
        public string Dataset => string.Create(CultureInfo.InvariantCulture, $"faults-{Number:D2}-{Name}");

        public string Label => string.Create(CultureInfo.InvariantCulture, $"{Number:D2} {Name}");
    }

    private static List<FaultCase> Cases()
    {
        const string Profile = "Profile";
        return
        [
            new(1, "semicolon", Profile, Pattern("semicolon"), Table(30, ';'), null),
            new(2, "tab", Profile, Pattern(@"\btabs?\b"), Table(30, '\t'), null),
            new(3, "empty", Profile, Pattern("empty"), [], null),
            new(4, "header-only", Profile, Pattern("no data rows"), Table(0), null),
            new(5, "four-rows", Profile, Pattern("4 data rows.*at least 10"), Table(4), null),
            new(6, "ragged-row", Profile, Pattern(@"line 7: expected 4 fields.*found 5"), Ragged(), null),
            new(7, "binary", Profile, Pattern("binary|UTF-8|control character"), Binary(), null),
            new(8, "invalid-utf8", Profile, Pattern("UTF-8"), InvalidUtf8(), null),
            new(9, "spec-not-json", Profile, Pattern(@"augment\.json.*not (a )?valid"), Table(30), Utf8("target = label\n")),
            new(10, "spec-unknown-field", Profile, Pattern("unknown field \"colour\""), Table(30), Utf8("{\"target\":\"label\",\"colour\":\"blue\"}")),
            new(11, "target-missing", Profile, Pattern("target column 'outcome'.*not in the dataset"), Table(30), Utf8("{\"target\":\"outcome\"}")),
            new(12, "max-rows", Profile, Pattern("more than 50 data rows.*maxRows"), Table(200), Utf8("{\"limits\":{\"maxRows\":50}}")),
            new(13, "max-columns", Profile, Pattern("10 columns.*at most 5.*maxColumns"), Wide(20, 10), Utf8("{\"limits\":{\"maxColumns\":5}}")),
            new(14, "cell-length", Profile, Pattern("cell.*longer than.*10,000 characters.*maxCellLength"), LongCell(12_000), null),
            new(15, "max-file-mb", Profile, Pattern(@"1\.\d MiB.*at most 1 MiB.*maxFileMB"), Table(125_000), Utf8("{\"limits\":{\"maxFileMB\":1}}")),
            new(16, "limits-range", Profile, Pattern(@"limits\.maxRows 5 is out of range"), Table(50), Utf8("{\"limits\":{\"maxRows\":5}}")),
            new(17, "only-id-text", Profile, Pattern("only identifier and free-text columns"), IdentifiersAndText(150), null),
            new(18, "impossible-constraint", "FilterAndAudit", Pattern("filtered out.*constraint"), Table(200),
                Utf8("{\"target\":\"label\",\"model\":\"gaussian-copula\",\"constraints\":[\"age < 0\"],\"seed\":7}")),
            new(19, "spec-wrong-type", Profile, Pattern("maxRows"), Table(30), Utf8("{\"limits\":{\"maxRows\":\"many\"}}")),
        ];
    }

    private static Regex Pattern(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A clean table (age, hours, group, label; every age positive) with <paramref name="delimiter"/>.</summary>
    private static byte[] Table(int rows, char delimiter = ',')
    {
        var random = new Random(rows);
        var text = new StringBuilder(string.Join(delimiter, "age", "hours", "group", "label")).Append('\n');
        for (var r = 0; r < rows; r++)
        {
            var age = random.Next(18, 80);
            text.Append(CultureInfo.InvariantCulture, $"{age}{delimiter}{random.Next(10, 60)}{delimiter}{"abc"[random.Next(3)]}{delimiter}{(age + random.Next(20) > 50 ? "yes" : "no")}\n");
        }

        return Utf8(text.ToString());
    }

    /// <summary>30 rows; line 7 (data row 6) has one field too many.</summary>
    private static byte[] Ragged()
    {
        var lines = Encoding.UTF8.GetString(Table(30)).Split('\n');
        lines[6] += ",extra";
        return Utf8(string.Join('\n', lines));
    }

    /// <summary>Random bytes with NULs, as a binary file (an image, a zip) uploaded by mistake.</summary>
    private static byte[] Binary()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i += 16)
        {
            bytes[i] = 0;
        }

        return bytes;
    }

    /// <summary>A clean table whose last row's group is Latin-1 ("caf\xE9"), not UTF-8.</summary>
    private static byte[] InvalidUtf8() => [.. Table(30), .. "40,20,caf"u8, 0xE9, .. ",yes\n"u8];

    /// <summary><paramref name="columns"/> numeric columns c1…cN.</summary>
    private static byte[] Wide(int rows, int columns)
    {
        var random = new Random(columns);
        var text = new StringBuilder(string.Join(',', Enumerable.Range(1, columns).Select(c => $"c{c}"))).Append('\n');
        for (var r = 0; r < rows; r++)
        {
            text.AppendJoin(',', Enumerable.Range(0, columns).Select(_ => random.Next(100))).Append('\n');
        }

        return Utf8(text.ToString());
    }

    /// <summary>A clean table plus a note column; row 5's note is <paramref name="length"/> characters long.</summary>
    private static byte[] LongCell(int length)
    {
        var lines = Encoding.UTF8.GetString(Table(30)).TrimEnd('\n').Split('\n');
        lines[0] += ",note";
        for (var i = 1; i < lines.Length; i++)
        {
            lines[i] += i == 5 ? "," + new string('x', length) : ",ok";
        }

        return Utf8(string.Join('\n', lines) + "\n");
    }

    /// <summary>A customer id (C00001…) and a free-text comment, distinct in every row: nothing a model could learn.</summary>
    private static byte[] IdentifiersAndText(int rows)
    {
        string[] words = ["late", "delivery", "great", "service", "box", "damaged", "refund", "asked", "again", "thanks", "slow", "friendly"];
        var random = new Random(rows);
        var text = new StringBuilder("customer_id,comment\n");
        for (var r = 1; r <= rows; r++)
        {
            text.Append(CultureInfo.InvariantCulture, $"C{r:D5},{string.Join(' ', Enumerable.Range(0, 6).Select(_ => words[random.Next(words.Length)]))} #{r}\n");
        }

        return Utf8(text.ToString());
    }
}
