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
}
