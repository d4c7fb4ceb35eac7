using System.Text;
using System.Text.Json;
using Augment.Pipeline.Orchestrations;
using Microsoft.DurableTask.Client;

namespace Augment.Pipeline.Tests.EndToEnd;

/// <summary>The real AugmentDataset orchestration end to end on Microsoft's in-memory Durable Task engine
/// (<see cref="Microsoft.DurableTask.Testing.DurableTaskTestHost"/>) and an in-memory blob store.</summary>
public sealed class PipelineEndToEndTests
{
    [Fact]
    public async Task Run_GaussianCopulaOnAdultHead_CompletesAndPublishesEveryOutput()
    {
        await using var host = await PipelineHost.StartAsync();
        var id = await host.StartRunAsync("adult", PipelineHost.AdultHead(400),
            """{ "target": "income", "sensitive": ["sex"], "rows": 150, "model": "gaussian-copula", "seed": 7 }""");

        var meta = await host.WaitForEndAsync(id);

        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{meta.RuntimeStatus}: {meta.FailureDetails?.ErrorMessage}");
        var result = meta.ReadOutputAs<AugmentResult>()!;
        Assert.Equal((id, "adult", 400), (result.RunId, result.Dataset, result.RealRows));
        Assert.Equal(400, result.TrainRows + result.HoldoutRows);
        Assert.InRange(result.SyntheticRows, 1, 150);
        var prefix = WorkArea.OutputPrefix("adult", id);
        Assert.Equal(WorkArea.OutputFiles.Select(f => prefix + f).Order(StringComparer.Ordinal), (await host.PublishedAsync("adult")).Order(StringComparer.Ordinal));
        Assert.Equal(WorkArea.OutputFiles.Select(f => prefix + f), result.Outputs);
        Assert.Equal("Done", meta.ReadCustomStatusAs<RunProgress>()!.Stage);

        // augmented.csv: the original header, the real training rows, then the synthetic rows.
        var augmented = await ReadAsync(host, prefix + "augmented.csv");
        var lines = augmented.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(PipelineHost.AdultHead(0).Trim(), lines[0].Trim());
        Assert.Equal(1 + result.TrainRows + result.SyntheticRows, lines.Length);

        using var report = JsonDocument.Parse(await ReadAsync(host, prefix + "report.json"));
        Assert.Contains(report.RootElement.GetProperty("auditOutcome").GetProperty("decision").GetString(), new[] { "passed", "warned" });
        var stages = report.RootElement.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()).ToList();
        Assert.Equal(["Profile", "Train", "Sample", "FilterAndAudit", "Evaluate"], stages);
    }

    [Fact]
    public async Task Run_MessyExport_NoRealTextOrJunkInSyntheticRowsAndRealRowsKeepTheirText()
    {
        var csv = new StringBuilder("age,income,comment,label\n");
        for (var i = 0; i < 400; i++)
        {
            var income = i % 40 == 7 ? "N/A" : i % 5 == 0 ? $"\"${1000 + ((i * 37) % 5000):N0}\"" : (1000 + ((i * 37) % 5000)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{20 + (i % 50)},{income},\"called about order {i * 7}; {(i % 2 == 0 ? "sorted" : "will call back")}\",{(i % 3 == 0 ? "yes" : "no")}\n");
        }

        await using var host = await PipelineHost.StartAsync();
        var id = await host.StartRunAsync("messy", csv.ToString(), """{ "target": "label", "rows": 100, "model": "gaussian-copula", "seed": 3 }""");

        var meta = await host.WaitForEndAsync(id);

        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{meta.RuntimeStatus}: {meta.FailureDetails?.ErrorMessage}");
        var prefix = WorkArea.OutputPrefix("messy", id);
        var synthetic = await Augment.Data.CsvTable.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(await ReadAsync(host, prefix + "synthetic.csv"))));
        Assert.Equal(["age", "income", "comment", "label"], synthetic.Columns);
        Assert.True(synthetic.RowCount > 0);
        Assert.All(synthetic.Column(2), Assert.Null);
        Assert.All(synthetic.Column(1), v => Assert.True(v is null || double.TryParse(v, System.Globalization.CultureInfo.InvariantCulture, out _), v));
        var augmented = await Augment.Data.CsvTable.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(await ReadAsync(host, prefix + "augmented.csv"))));
        var realComments = augmented.Column(2).Take(augmented.RowCount - synthetic.RowCount).ToList();
        Assert.All(realComments, v => Assert.StartsWith("called about order ", v, StringComparison.Ordinal));
        using var report = JsonDocument.Parse(await ReadAsync(host, prefix + "report.json"));
        var defaults = report.RootElement.GetProperty("spec").GetProperty("defaults").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains(defaults, d => d.StartsWith("free text: 'comment'", StringComparison.Ordinal));
        Assert.Contains(defaults, d => d.StartsWith("cleaning: 'income'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_ProfileFails_FailsWithOneLineNamingTheStageAndPublishesNothing()
    {
        await using var host = await PipelineHost.StartAsync();
        var id = await host.StartRunAsync("badspec", PipelineHost.AdultHead(100), """{ "target": "no_such_column", "model": "gaussian-copula" }""");

        var meta = await host.WaitForEndAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, meta.RuntimeStatus);
        var reason = meta.FailureDetails!.ErrorMessage;
        Assert.StartsWith("Profile failed: ", reason, StringComparison.Ordinal);
        Assert.Contains("no_such_column", reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', reason);
        Assert.DoesNotContain("Exception", reason, StringComparison.Ordinal);
        Assert.Empty(await host.PublishedAsync("badspec"));
    }

    [Fact]
    public async Task StartForBlob_SameContentTwice_StartsOneRun()
    {
        await using var host = await PipelineHost.StartAsync();
        var id = await host.StartRunAsync("twice", PipelineHost.AdultHead(50), """{ "target": "income", "model": "gaussian-copula" }""");

        // The same bytes again (a new ETag): the run id hashes the content, so nothing new starts.
        await host.Blobs.UploadAsync(WorkArea.DatasetsContainer, "twice/data.csv", new MemoryStream(Encoding.UTF8.GetBytes(PipelineHost.AdultHead(50))));
        var again = await new RunStarter(host.Blobs, host.Client).StartForBlobAsync(WorkArea.DatasetsContainer, "twice/data.csv", "test");

        Assert.Equal((id, false), (again.InstanceId, again.Started));
        Assert.StartsWith("twice-", id, StringComparison.Ordinal);
        Assert.Equal(AugmentDatasetOrchestrator.Name, (await host.Client.GetInstanceAsync(id))!.Name);
    }

    [Fact]
    public async Task StartForBlob_NamesThatSlugAlikeWithTheSameBytes_StartARunEach()
    {
        await using var host = await PipelineHost.StartAsync();
        var bytes = Encoding.UTF8.GetBytes(PipelineHost.AdultHead(50));
        await host.Blobs.UploadAsync(WorkArea.DatasetsContainer, "up sp/data.csv", new MemoryStream(bytes));
        await host.Blobs.UploadAsync(WorkArea.DatasetsContainer, "up-sp/data.csv", new MemoryStream(bytes));
        var starter = new RunStarter(host.Blobs, host.Client);

        var first = await starter.StartForBlobAsync(WorkArea.DatasetsContainer, "up sp/data.csv", "test");
        var second = await starter.StartForBlobAsync(WorkArea.DatasetsContainer, "up-sp/data.csv", "test");

        Assert.True(first.Started && second.Started);
        Assert.NotEqual(first.InstanceId, second.InstanceId);
        Assert.All([first.InstanceId, second.InstanceId], id => Assert.StartsWith("up-sp-", id, StringComparison.Ordinal));
        await host.WaitForEndAsync(first.InstanceId);
        await host.WaitForEndAsync(second.InstanceId);
    }

    private static async Task<string> ReadAsync(PipelineHost host, string name)
    {
        await using var download = (await host.Blobs.OpenReadAsync(WorkArea.OutputContainer, name))!;
        using var reader = new StreamReader(download.Content);
        return await reader.ReadToEndAsync();
    }
}
