using System.Text;
using Augment.Durable;
using Augment.Functions.Nightly;
using Augment.Functions.Tests.Support;
using Augment.Pipeline;
using Augment.Storage;

namespace Augment.Functions.Tests.Nightly;

public sealed class NightlyPlannerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Night = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
    private readonly InMemoryBlobStore _blobs = new();
    private readonly InMemoryOrchestrationService _service = new();
    private DurableTaskWorker _worker = null!;
    private DurableTaskClient _client = null!;

    public async Task InitializeAsync()
    {
        // A stand-in AugmentDataset that completes at once: the planner only reads instance ids, statuses and inputs.
        var registry = new DurableTaskRegistry().AddOrchestrator<AugmentRequest, string>(
            Augment.Pipeline.Orchestrations.AugmentDatasetOrchestrator.Name, (_, request) => Task.FromResult(request.BlobName));
        _worker = new DurableTaskWorker(_service, registry);
        await _worker.StartAsync();
        _client = new DurableTaskClient(_service);
        await _blobs.CreateContainerIfNotExistsAsync("datasets");
    }

    public async Task DisposeAsync() => await _worker.DisposeAsync();

    [Fact]
    public void InstanceIdFor_SlugAndUtcDateOfTheOccurrence() =>
        Assert.Equal("adult-income-nightly-20261122", NightlyPlanner.InstanceIdFor("Adult Income", new DateTimeOffset(2026, 11, 22, 1, 30, 0, TimeSpan.FromHours(-1))));

    [Fact]
    public async Task Run_TwiceForTheSameNight_StartsOneRun()
    {
        await UploadAsync("adult/data.csv", SampleCsv.Make(20, 1));
        await UploadAsync("adult/augment.json", "{\"schedule\": \"nightly\"}");
        var planner = new NightlyPlanner(_blobs, _client);

        var first = Assert.Single(await planner.RunAsync(Night));
        var second = Assert.Single(await planner.RunAsync(Night.AddMinutes(5)));

        Assert.Equal((NightlyDecision.Started, "adult-nightly-20261122"), (first.Decision, first.InstanceId));
        Assert.Equal((NightlyDecision.AlreadyStarted, "adult-nightly-20261122"), (second.Decision, second.InstanceId));
        var runs = (await _client.ListInstancesAsync(new InstanceQuery { InstanceIdPrefix = "adult-", FetchInputsAndOutputs = true })).Instances;
        var request = Assert.Single(runs).ReadInputAs<AugmentRequest>()!;
        Assert.Equal(("adult/data.csv", "adult/augment.json", "nightly"), (request.BlobName, request.SpecBlobName, request.Trigger));
    }

    [Fact]
    public async Task Run_OnlyDatasetsThatAskForNightly()
    {
        await UploadAsync("plain/data.csv", "a,b\n1,2\n");
        await UploadAsync("plain/augment.json", "{\"seed\": 3}");
        await UploadAsync("none/data.csv", "a,b\n1,2\n");
        await UploadAsync("none/augment.json", "{\"schedule\": \"none\"}");
        await UploadAsync("nospec/data.csv", "a,b\n1,2\n");

        Assert.Empty(await new NightlyPlanner(_blobs, _client).RunAsync(Night));
        Assert.Empty((await _client.ListInstancesAsync()).Instances);
    }

    [Fact]
    public async Task Run_CsvUnchangedSinceTheLastCompletedRun_SkippedUntilItChanges()
    {
        await UploadAsync("adult/data.csv", SampleCsv.Make(20, 1));
        await UploadAsync("adult/augment.json", "{\"schedule\": \"nightly\"}");
        var planner = new NightlyPlanner(_blobs, _client);
        var started = Assert.Single(await planner.RunAsync(Night));
        await _client.WaitForInstanceCompletionAsync(started.InstanceId!);

        var unchanged = Assert.Single(await planner.RunAsync(Night.AddDays(1)));
        await UploadAsync("adult/data.csv", SampleCsv.Make(20, 2));
        var changed = Assert.Single(await planner.RunAsync(Night.AddDays(2)));

        Assert.Equal((NightlyDecision.Unchanged, started.InstanceId), (unchanged.Decision, unchanged.InstanceId));
        Assert.Equal((NightlyDecision.Started, "adult-nightly-20261124"), (changed.Decision, changed.InstanceId));
    }

    [Fact]
    public async Task Run_UnchangedButNightlyWhenUnchanged_StartsEveryNight()
    {
        await UploadAsync("adult/data.csv", SampleCsv.Make(20, 1));
        await UploadAsync("adult/augment.json", "{\"schedule\": \"nightly\", \"nightlyWhenUnchanged\": true}");
        var planner = new NightlyPlanner(_blobs, _client);
        var first = Assert.Single(await planner.RunAsync(Night));
        await _client.WaitForInstanceCompletionAsync(first.InstanceId!);

        var next = Assert.Single(await planner.RunAsync(Night.AddDays(1)));

        Assert.Equal((NightlyDecision.Started, "adult-nightly-20261123"), (next.Decision, next.InstanceId));
    }

    [Fact]
    public async Task Run_LastRunOfAnotherDatasetWithTheSamePrefix_DoesNotCount()
    {
        await UploadAsync("adult/data.csv", SampleCsv.Make(20, 1));
        await UploadAsync("adult/augment.json", "{\"schedule\": \"nightly\"}");
        var etag = (await _blobs.GetPropertiesAsync("datasets", "adult/data.csv"))!.ETag.Value;
        var other = new AugmentRequest("adult-2", "datasets", "adult/data.csv", etag, null, "upload");
        var otherId = await _client.ScheduleNewOrchestrationInstanceAsync(Augment.Pipeline.Orchestrations.AugmentDatasetOrchestrator.Name, other, "adult-2-0000");
        await _client.WaitForInstanceCompletionAsync(otherId);

        var outcome = Assert.Single(await new NightlyPlanner(_blobs, _client).RunAsync(Night));

        Assert.Equal(NightlyDecision.Started, outcome.Decision);
    }

    [Fact]
    public async Task Run_NewestCsvOfTheFolderIsAugmented()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var blobs = new InMemoryBlobStore(time);
        await blobs.CreateContainerIfNotExistsAsync("datasets");
        await blobs.UploadAsync("datasets", "adult/b-new.csv", new MemoryStream("a\n1\n"u8.ToArray()));
        time.Advance(TimeSpan.FromDays(-1));
        await blobs.UploadAsync("datasets", "adult/a-old.csv", new MemoryStream("a\n1\n"u8.ToArray()));
        await blobs.UploadAsync("datasets", "adult/augment.json", new MemoryStream("{\"schedule\":\"nightly\"}"u8.ToArray()));

        var outcome = Assert.Single(await new NightlyPlanner(blobs, _client).RunAsync(Night));

        var request = (await _client.GetInstanceAsync(outcome.InstanceId!, getInputsAndOutputs: true))!.ReadInputAs<AugmentRequest>()!;
        Assert.Equal("adult/b-new.csv", request.BlobName);
    }

    [Theory]
    [InlineData("{\"schedule\": \"weekly\"}", "\"schedule\" must be \"nightly\" or \"none\"")]
    [InlineData("{\"nightlyWhenUnchanged\": true}", "needs \"schedule\": \"nightly\"")]
    [InlineData("{\"schedule\": \"nightly\", \"sheduled\": 1}", "not a valid spec")]
    public async Task Run_InvalidSpec_SkippedWithTheReason(string spec, string reason)
    {
        await UploadAsync("bad/data.csv", "a\n1\n");
        await UploadAsync("bad/augment.json", spec);

        var outcome = Assert.Single(await new NightlyPlanner(_blobs, _client).RunAsync(Night));

        Assert.Equal(NightlyDecision.Skipped, outcome.Decision);
        Assert.Contains(reason, outcome.Reason);
        Assert.Empty((await _client.ListInstancesAsync()).Instances);
    }

    [Fact]
    public async Task Run_NightlyButNoCsv_Skipped()
    {
        await UploadAsync("empty/augment.json", "{\"schedule\": \"nightly\"}");

        var outcome = Assert.Single(await new NightlyPlanner(_blobs, _client).RunAsync(Night));

        Assert.Equal(NightlyDecision.Skipped, outcome.Decision);
        Assert.Contains("no empty/*.csv", outcome.Reason);
    }

    private Task UploadAsync(string name, string text) => _blobs.UploadAsync("datasets", name, new MemoryStream(Encoding.UTF8.GetBytes(text)));
}

/// <summary>A clock that moves only when told.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
