using System.Text;
using Augment.App.Nightly;
using Augment.App.Tests.Support;
using Augment.Pipeline;
using Augment.Pipeline.Orchestrations;
using Augment.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Augment.App.Tests.Nightly;

/// <summary>The nightly planner on the local host's DurableTaskClient (in memory); the runs it starts are real AugmentDataset runs.</summary>
public sealed class NightlyPlannerTests : IAsyncLifetime
{
    private const string NightlySpec = """{"schedule": "nightly", "target": "income", "model": "gaussian-copula", "seed": 1}""";
    private static readonly DateTimeOffset Night = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
    private TestHost _host = null!;

    private DurableTaskClient Client => _host.Client;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void InstanceIdFor_SlugAndUtcDateOfTheOccurrence() =>
        Assert.Equal("adult-income-nightly-20261122", NightlyPlanner.InstanceIdFor("Adult Income", new DateTimeOffset(2026, 11, 22, 1, 30, 0, TimeSpan.FromHours(-1))));

    [Fact]
    public async Task Run_TwiceForTheSameNight_StartsOneRun()
    {
        await _host.UploadAsync("adult/data.csv", SampleCsv.Make(120, 1));
        await _host.UploadAsync("adult/augment.json", NightlySpec);
        var planner = new NightlyPlanner(_host.Blobs, Client);

        var first = Assert.Single(await planner.RunAsync(Night));
        var second = Assert.Single(await planner.RunAsync(Night.AddMinutes(5)));

        Assert.Equal((NightlyDecision.Started, "adult-nightly-20261122"), (first.Decision, first.InstanceId));
        Assert.Equal((NightlyDecision.AlreadyStarted, "adult-nightly-20261122"), (second.Decision, second.InstanceId));
        var run = Assert.Single(await Client.ListAsync(new OrchestrationQuery { InstanceIdPrefix = "adult-", FetchInputsAndOutputs = true }));
        var request = run.ReadInputAs<AugmentRequest>()!;
        Assert.Equal(("adult/data.csv", "adult/augment.json", "nightly"), (request.BlobName, request.SpecBlobName, request.Trigger));
        Assert.Equal((await _host.Blobs.GetPropertiesAsync(WorkArea.DatasetsContainer, "adult/data.csv"))!.ETag.Value, request.ETag);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await _host.WaitForEndAsync(run.InstanceId)).RuntimeStatus);
    }

    [Fact]
    public async Task Run_OnlyDatasetsThatAskForNightly()
    {
        await _host.UploadAsync("plain/data.csv", "a,b\n1,2\n");
        await _host.UploadAsync("plain/augment.json", "{\"seed\": 3}");
        await _host.UploadAsync("none/data.csv", "a,b\n1,2\n");
        await _host.UploadAsync("none/augment.json", "{\"schedule\": \"none\"}");
        await _host.UploadAsync("nospec/data.csv", "a,b\n1,2\n");
        await _host.UploadAsync("nested/deeper/augment.json", "{\"schedule\": \"nightly\"}");

        Assert.Empty(await new NightlyPlanner(_host.Blobs, Client).RunAsync(Night));
        Assert.Empty(await Client.ListAsync());
    }

    [Fact]
    public async Task Run_CsvUnchangedSinceTheLastCompletedRun_SkippedUntilItChanges()
    {
        await _host.UploadAsync("adult/data.csv", SampleCsv.Make(120, 1));
        await _host.UploadAsync("adult/augment.json", NightlySpec);
        var planner = new NightlyPlanner(_host.Blobs, Client);
        var started = Assert.Single(await planner.RunAsync(Night));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await _host.WaitForEndAsync(started.InstanceId!)).RuntimeStatus);

        var unchanged = Assert.Single(await planner.RunAsync(Night.AddDays(1)));
        await _host.UploadAsync("adult/data.csv", SampleCsv.Make(120, 2));
        var changed = Assert.Single(await planner.RunAsync(Night.AddDays(2)));

        Assert.Equal((NightlyDecision.Unchanged, started.InstanceId), (unchanged.Decision, unchanged.InstanceId));
        Assert.Equal((NightlyDecision.Started, "adult-nightly-20261124"), (changed.Decision, changed.InstanceId));
        Assert.Null(await Client.GetInstanceAsync("adult-nightly-20261123"));
    }

    [Fact]
    public async Task Run_LastRunFailed_StartsAgain()
    {
        await _host.UploadAsync("adult/data.csv", SampleCsv.Make(120, 1));
        await _host.UploadAsync("adult/augment.json", """{"schedule": "nightly", "target": "no such column", "model": "gaussian-copula"}""");
        var planner = new NightlyPlanner(_host.Blobs, Client);
        var failed = Assert.Single(await planner.RunAsync(Night));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await _host.WaitForEndAsync(failed.InstanceId!)).RuntimeStatus);

        var next = Assert.Single(await planner.RunAsync(Night.AddDays(1)));

        Assert.Equal((NightlyDecision.Started, "adult-nightly-20261123"), (next.Decision, next.InstanceId));
    }

    [Fact]
    public async Task Run_UnchangedButNightlyWhenUnchanged_StartsEveryNight()
    {
        await _host.UploadAsync("adult/data.csv", SampleCsv.Make(120, 1));
        await _host.UploadAsync("adult/augment.json", """{"schedule": "nightly", "nightlyWhenUnchanged": true, "target": "income", "model": "gaussian-copula"}""");
        var planner = new NightlyPlanner(_host.Blobs, Client);
        var first = Assert.Single(await planner.RunAsync(Night));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await _host.WaitForEndAsync(first.InstanceId!)).RuntimeStatus);

        var next = Assert.Single(await planner.RunAsync(Night.AddDays(1)));

        Assert.Equal((NightlyDecision.Started, "adult-nightly-20261123"), (next.Decision, next.InstanceId));
    }

    [Fact]
    public async Task Run_LastRunOfAnotherDatasetWithTheSamePrefix_DoesNotCount()
    {
        await _host.UploadAsync("adult/data.csv", SampleCsv.Make(120, 1));
        await _host.UploadAsync("adult/augment.json", NightlySpec);
        var etag = (await _host.Blobs.GetPropertiesAsync(WorkArea.DatasetsContainer, "adult/data.csv"))!.ETag.Value;
        var other = new AugmentRequest("adult-2", WorkArea.DatasetsContainer, "adult/data.csv", etag, "adult/augment.json", "upload");
        var otherId = await Client.ScheduleNewOrchestrationInstanceAsync(AugmentDatasetOrchestrator.Name, other, new StartOrchestrationOptions { InstanceId = "adult-2-0000" });
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await _host.WaitForEndAsync(otherId)).RuntimeStatus);

        var outcome = Assert.Single(await new NightlyPlanner(_host.Blobs, Client).RunAsync(Night));

        Assert.Equal(NightlyDecision.Started, outcome.Decision);
    }

    [Fact]
    public async Task Run_NewestCsvOfTheFolderIsAugmented()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var blobs = new InMemoryBlobStore(time);
        await blobs.CreateContainerIfNotExistsAsync(WorkArea.DatasetsContainer);
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "adult/b-new.csv", new MemoryStream("a\n1\n"u8.ToArray()));
        time.Advance(TimeSpan.FromDays(-1));
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "adult/a-old.csv", new MemoryStream("a\n1\n"u8.ToArray()));
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "adult/augment.json", new MemoryStream("{\"schedule\":\"nightly\"}"u8.ToArray()));

        var outcome = Assert.Single(await new NightlyPlanner(blobs, Client).RunAsync(Night));

        var request = (await Client.GetInstanceAsync(outcome.InstanceId!, getInputsAndOutputs: true))!.ReadInputAs<AugmentRequest>()!;
        Assert.Equal("adult/b-new.csv", request.BlobName);
    }

    [Theory]
    [InlineData("{\"schedule\": \"weekly\"}", "\"schedule\" must be \"nightly\" or \"none\"")]
    [InlineData("{\"nightlyWhenUnchanged\": true}", "needs \"schedule\": \"nightly\"")]
    [InlineData("{\"schedule\": \"nightly\", \"sheduled\": 1}", "unknown field \"sheduled\"")]
    public async Task Run_InvalidSpec_SkippedWithTheReason(string spec, string reason)
    {
        await _host.UploadAsync("bad/data.csv", "a\n1\n");
        await _host.UploadAsync("bad/augment.json", spec);

        var outcome = Assert.Single(await new NightlyPlanner(_host.Blobs, Client).RunAsync(Night));

        Assert.Equal(NightlyDecision.Skipped, outcome.Decision);
        Assert.Contains(reason, outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(await Client.ListAsync());
    }

    [Fact]
    public async Task Run_NightlyButNoCsv_Skipped()
    {
        await _host.UploadAsync("empty/augment.json", "{\"schedule\": \"nightly\"}");

        var outcome = Assert.Single(await new NightlyPlanner(_host.Blobs, Client).RunAsync(Night));

        Assert.Equal(NightlyDecision.Skipped, outcome.Decision);
        Assert.Contains("no empty/*.csv", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ManyFolders_EachDecidedInNameOrder()
    {
        foreach (var name in new[] { "c", "a", "b" })
        {
            await _host.UploadAsync($"{name}/data.csv", SampleCsv.Make(120, 1));
            await _host.UploadAsync($"{name}/augment.json", NightlySpec);
        }

        var outcomes = await new NightlyPlanner(_host.Blobs, Client).RunAsync(Night);

        Assert.Equal(["a", "b", "c"], outcomes.Select(o => o.Dataset));
        Assert.All(outcomes, o => Assert.Equal(NightlyDecision.Started, o.Decision));
        Assert.StartsWith("a: Started a-nightly-20261122 (a/data.csv (ETag ", outcomes[0].ToString(), StringComparison.Ordinal);
    }
}
