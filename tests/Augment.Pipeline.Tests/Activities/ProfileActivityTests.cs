using System.Text;
using Augment.Pipeline.Activities;
using Augment.Storage;

namespace Augment.Pipeline.Tests.Activities;

/// <summary>The Profile activity on an in-memory blob store: what it accepts, what it writes, how it refuses.</summary>
public sealed class ProfileActivityTests
{
    private readonly InMemoryBlobStore _blobs = new();

    private async Task<ProfileResult> ProfileAsync(string csv, string? spec = null)
    {
        await PipelineRegistration.EnsureContainersAsync(_blobs);
        await _blobs.UploadAsync(WorkArea.DatasetsContainer, "ds/data.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv)));
        if (spec is not null)
        {
            await _blobs.UploadAsync(WorkArea.DatasetsContainer, "ds/augment.json", new MemoryStream(Encoding.UTF8.GetBytes(spec)));
        }

        var request = new AugmentRequest("ds", WorkArea.DatasetsContainer, "ds/data.csv", null, spec is null ? null : "ds/augment.json", "test");
        return await new PipelineActivities(_blobs).ProfileAsync(new ProfileInput("run-1", request));
    }

    private static string Rows(int n, char delimiter = ',') =>
        string.Join(delimiter, "age", "city", "label") + "\n"
        + string.Concat(Enumerable.Range(0, n).Select(i => string.Join(delimiter, 20 + (i % 50), i % 3 == 0 ? "Oslo" : "Lima", i % 4 == 0 ? "yes" : "no") + "\n"));

    [Fact]
    public async Task RunAsync_CommaSeparated_SplitsAndWritesTrainAndHoldout()
    {
        var result = await ProfileAsync(Rows(100), """{ "target": "label", "seed": 7 }""");

        Assert.Equal(100, result.Rows);
        Assert.Equal(100, result.TrainRows + result.HoldoutRows);
        Assert.Equal(["age", "city", "label"], result.Columns.Select(c => c.Name));
        Assert.NotNull(await _blobs.GetPropertiesAsync(WorkArea.WorkContainer, WorkArea.Train("run-1")));
        Assert.NotNull(await _blobs.GetPropertiesAsync(WorkArea.WorkContainer, WorkArea.Holdout("run-1")));
    }

    [Theory]
    [InlineData(';', "semicolons")]
    [InlineData('\t', "tabs")]
    [InlineData('|', "pipes")]
    public async Task RunAsync_OtherDelimiter_RefusedWithTheDelimiterNamed(char delimiter, string named)
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ProfileAsync(Rows(50, delimiter)));

        Assert.Contains($"separated by {named}", error.Message, StringComparison.Ordinal);
        Assert.Contains("reads as one column", error.Message, StringComparison.Ordinal);
        Assert.Null(await _blobs.GetPropertiesAsync(WorkArea.WorkContainer, WorkArea.Train("run-1")));
    }

    [Fact]
    public async Task RunAsync_OneRealColumnWithSemicolonsInSomeValues_IsNotMistakenForADelimiter()
    {
        var csv = "note\n" + string.Concat(Enumerable.Range(0, 30).Select(i => i % 10 == 0 ? $"\"a;b {i}\"\n" : $"text {i}\n"));

        var error = await Record.ExceptionAsync(() => ProfileAsync(csv));

        Assert.False(error is InvalidDataException e && e.Message.Contains("separated by", StringComparison.Ordinal), error?.Message);
    }

    [Fact]
    public async Task RunAsync_TooFewRows_RefusedWithTheCount()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ProfileAsync(Rows(4)));

        Assert.Contains("has 4 data rows", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A small export as issue 16 found them: junk and currency in a number column, a second date format,
    /// a free-text comment in every row, a city column with more values than categories, an id.</summary>
    private static string Messy(int n)
    {
        var text = new StringBuilder("customer_id,age,income,joined,comment,city,label\n");
        for (var i = 0; i < n; i++)
        {
            var income = i % 40 == 7 ? "N/A" : i % 40 == 8 ? "?" : i % 5 == 0 ? $"\"${1000 + (i * 37):N0}\"" : (1000 + (i * 37)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var day = new DateTime(2020, 1, 1).AddDays(i);
            var joined = i % 50 == 3 ? day.ToString("M/d/yyyy", System.Globalization.CultureInfo.InvariantCulture) : day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var age = i % 10 == 0 ? "" : (18 + (i % 60)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"C{i:00000},{age},{income},{joined},\"note {i}: called about order {i * 7}\",town{i % 150},{(i % 3 == 0 ? "yes" : "no")}\n");
        }

        return text.ToString();
    }

    [Fact]
    public async Task RunAsync_MessyExport_NumbersAndDatesCleanedFreeTextWithheldNothingCopied()
    {
        var result = await ProfileAsync(Messy(400), """{ "target": "label" }""");

        var kinds = result.Columns.ToDictionary(c => c.Name, c => c.Kind);
        Assert.Equal("Identifier", kinds["customer_id"]);
        Assert.Equal("Integer", kinds["income"]);
        Assert.Equal("Datetime", kinds["joined"]);
        Assert.Equal(ProfileActivity.FreeTextKind, kinds["comment"]);
        Assert.Equal(ProfileActivity.FreeTextKind, kinds["city"]);
        var income = result.Columns.Single(c => c.Name == "income");
        Assert.Equal(20, income.Invalid);
        Assert.Equal(80, income.Reformatted);
        Assert.Equal(8, result.Columns.Single(c => c.Name == "joined").Reformatted);
        Assert.Equal(["customer_id", "comment", "city"], result.Identifiers.Select(i => i.Name));
        Assert.Equal([false, true, true], result.Identifiers.Select(i => i.IsWithheld));
        Assert.Contains(result.Spec.Defaults, d => d.StartsWith("free text: 'comment' has 400 distinct values", StringComparison.Ordinal));
        Assert.Contains(result.Spec.Defaults, d => d.StartsWith("cleaning: 'income' is read as numbers; 20 cells (5 %) that are not, such as '?', 'N/A'", StringComparison.Ordinal));
        Assert.Contains(result.Spec.Defaults, d => d.StartsWith("cleaning: 'joined' is read as dates (yyyy-MM-dd)", StringComparison.Ordinal));

        // What the model sees: one form per column, no free text; Merge gets the set-aside columns back.
        var train = await ReadAsync(WorkArea.Train("run-1"));
        Assert.Equal(["age", "income", "joined", "label"], train.Columns);
        Assert.All(train.Column(train.IndexOf("income")), v => Assert.True(v is null || long.TryParse(v, out _), v));
        Assert.All(train.Column(train.IndexOf("joined")), v => Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", v));
        var setAside = await ReadAsync(WorkArea.Identifiers("run-1"));
        Assert.Equal(["customer_id", "comment", "city"], setAside.Columns);
        Assert.Equal(train.RowCount, setAside.RowCount);
    }

    [Fact]
    public async Task RunAsync_SpecRaisesNoLimit_DefaultsApply()
    {
        var result = await ProfileAsync(Rows(50), """{ "limits": { "maxRows": 50, "maxColumns": 3 } }""");

        Assert.Equal(50, result.Rows);
    }

    [Theory]
    [InlineData("""{ "limits": { "maxRows": 49 } }""", "more than 49 data rows", "limits.maxRows")]
    [InlineData("""{ "limits": { "maxColumns": 2 } }""", "the header has 3 columns; at most 2", "limits.maxColumns")]
    [InlineData("""{ "limits": { "maxCellLength": 3 } }""", "longer than the limit of 3 characters", "limits.maxCellLength")]
    public async Task RunAsync_PastALimit_RefusedNamingTheLimitAndHowToRaiseIt(string spec, string problem, string field)
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ProfileAsync(Rows(50), spec));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains($"raise {field} in augment.json", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Null(await _blobs.GetPropertiesAsync(WorkArea.WorkContainer, WorkArea.Train("run-1")));
    }

    [Fact]
    public async Task RunAsync_FileLargerThanMaxFileMB_RefusedBeforeItIsRead()
    {
        var big = Rows(110_000); // about 1.2 MiB

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ProfileAsync(big, """{ "limits": { "maxFileMB": 1 } }"""));

        Assert.Matches(@"^ds/data\.csv is 1\.\d MiB; at most 1 MiB are accepted \(raise limits\.maxFileMB in augment\.json, up to 2,048", error.Message);
    }

    [Fact]
    public async Task RunAsync_MoreTrainingRowsThanMaxTrainingRows_WritesAStratifiedSampleToFitOnAndSaysSo()
    {
        var result = await ProfileAsync(Rows(3000), """{ "target": "label", "seed": 5, "limits": { "maxTrainingRows": 1000 } }""");

        var train = await ReadAsync(WorkArea.Train("run-1"));
        var fit = await ReadAsync(WorkArea.FitSample("run-1"));
        Assert.Equal(result.TrainRows, train.RowCount);
        Assert.InRange(fit.RowCount, 999, 1001);
        double Share(Augment.Data.DataTable t) => t.Column(t.IndexOf("label")).Count(v => v == "yes") / (double)t.RowCount;
        Assert.Equal(Share(train), Share(fit), 2);
        Assert.Contains(result.Spec.Defaults, d => d.StartsWith($"training sample: {train.RowCount:N0} training rows are more than limits.maxTrainingRows (1,000)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_TrainingRowsWithinMaxTrainingRows_NoSample()
    {
        await ProfileAsync(Rows(300), """{ "limits": { "maxTrainingRows": 1000 } }""");

        Assert.Null(await _blobs.GetPropertiesAsync(WorkArea.WorkContainer, WorkArea.FitSample("run-1")));
    }

    [Theory]
    [InlineData("""{ "limits": { "maxRows": 5 } }""", "limits.maxRows 5 is out of range (10 to 10,000,000)")]
    [InlineData("""{ "limits": { "maxFileMB": 4096 } }""", "limits.maxFileMB 4096 is out of range (1 to 2,048)")]
    [InlineData("""{ "limits": { "maxColumns": 0 } }""", "limits.maxColumns 0 is out of range (1 to 4,096)")]
    public async Task RunAsync_LimitPastItsHardCap_SpecRefused(string spec, string reason)
    {
        var error = await Assert.ThrowsAsync<Augment.Pipeline.Spec.SpecException>(() => ProfileAsync(Rows(50), spec));

        Assert.Equal("augment.json " + reason + ".", error.Message);
    }

    private async Task<Augment.Data.DataTable> ReadAsync(string name)
    {
        await using var download = await _blobs.OpenReadAsync(WorkArea.WorkContainer, name);
        return await Augment.Data.CsvTable.ReadAsync(download!.Content);
    }
}
