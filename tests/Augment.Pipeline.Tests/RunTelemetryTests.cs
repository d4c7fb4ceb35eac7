using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Augment.Data;
using Augment.Pipeline.Training;
using Augment.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Augment.Pipeline.Tests;

/// <summary>
/// One trace per run: the real AugmentDataset orchestration on Microsoft's in-memory Durable Task backend
/// (<see cref="DurableTaskTestHost"/>), its spans read from OpenTelemetry's in-memory exporter subscribed to
/// <see cref="RunTelemetry.SourceName"/>; and the trainer's <c>augment.train</c> span continuing the job spec's traceparent.
/// </summary>
public sealed class RunTelemetryTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ParentSpanId = "00f067aa0ba902b7";

    /// <summary>How the hosts serialise orchestration inputs (camelCase).</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Web = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>300 rows: a class column and two numbers that depend on it.</summary>
    private static string Csv()
    {
        var random = new Random(11);
        var csv = new StringBuilder("age,score,label\n");
        for (var r = 0; r < 300; r++)
        {
            var yes = random.NextDouble() < 0.4;
            csv.Append(CultureInfo.InvariantCulture, $"{random.Next(yes ? 40 : 20, yes ? 70 : 45)},{(yes ? 60 : 30) + (10 * random.NextDouble()):F1},{(yes ? "yes" : "no")}\n");
        }

        return csv.ToString();
    }

    [Fact]
    public async Task Run_OnTheRealEngine_AllStagesAreSpansOfOneTraceTaggedWithTheRunId()
    {
        var spans = new SpanLog();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(RunTelemetry.SourceName).AddInMemoryExporter(spans).Build();
        var blobs = new InMemoryBlobStore();
        await PipelineRegistration.EnsureContainersAsync(blobs);
        using var start = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var host = await DurableTaskTestHost.StartAsync(r => r.AddAugmentPipeline(blobs), cancellationToken: start.Token);
        await blobs.UploadAsync(WorkArea.DatasetsContainer, $"telemetry/{WorkArea.SpecFileName}", new MemoryStream(Encoding.UTF8.GetBytes(
            """{ "target": "label", "rows": 300, "model": "gaussian-copula", "seed": 5, "shardSize": 100 }""")));
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "telemetry/data.csv", new MemoryStream(Encoding.UTF8.GetBytes(Csv())));

        Activity.Current = null;
        var started = await new RunStarter(blobs, host.Client).StartForBlobAsync(WorkArea.DatasetsContainer, "telemetry/data.csv", "test");
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var meta = await host.Client.WaitForInstanceCompletionAsync(started.InstanceId, getInputsAndOutputs: true, limit.Token);
        tracing.ForceFlush();

        Assert.True(meta.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{meta.RuntimeStatus}: {meta.FailureDetails?.ErrorMessage}");
        var id = started.InstanceId;
        var root = Assert.Single(spans.Snapshot(), s => s.OperationName == RunTelemetry.RunSpan && Tag(s, RunTelemetry.RunIdTag) == id);
        Assert.Equal(default, root.ParentSpanId);
        Assert.Equal("telemetry", Tag(root, RunTelemetry.DatasetTag));
        Assert.Equal("test", Tag(root, RunTelemetry.TriggerTag));
        // The orchestration's input carries the root's traceparent.
        Assert.Equal(root.Id, meta.ReadInputAs<AugmentRequest>()!.TraceParent);

        var trace = spans.Snapshot().Where(s => s.TraceId == root.TraceId).ToList();
        var ofRun = spans.Snapshot().Where(s => Tag(s, RunTelemetry.RunIdTag) == id).ToList();
        Assert.All(trace, s => Assert.Equal(id, Tag(s, RunTelemetry.RunIdTag)));
        Assert.All(ofRun, s => Assert.Equal(root.TraceId, s.TraceId));
        Assert.Equal(trace.Count, ofRun.Count);

        var stages = trace.Where(s => s != root).ToList();
        Assert.All(stages, s => Assert.Equal(root.SpanId, s.ParentSpanId));
        foreach (var stage in new[] { "augment.profile", "augment.train", "augment.filter_and_audit", "augment.evaluate", "augment.merge" })
        {
            Assert.Single(stages, s => s.OperationName == stage);
        }

        var shards = stages.Where(s => s.OperationName == "augment.sample_shard").ToList();
        Assert.True(shards.Count >= 3, $"{shards.Count} sample_shard spans for 300 rows in shards of 100");
        Assert.Equal(shards.Count, shards.Select(s => s.GetTagItem("augment.shard")).Distinct().Count());
        Assert.Equal(1 + 5 + shards.Count, trace.Count);
        Assert.All(stages, s => Assert.Equal(ActivityStatusCode.Unset, s.Status));

        var profile = stages.Single(s => s.OperationName == "augment.profile");
        Assert.Equal(300, profile.GetTagItem("augment.rows"));
        var filter = stages.Single(s => s.OperationName == "augment.filter_and_audit");
        Assert.Equal(shards.Sum(s => (int)s.GetTagItem("augment.rows")!), filter.GetTagItem("augment.sampled"));
    }

    [Fact]
    public async Task Trainer_WithTheSpecsTraceParent_ContinuesTheRunsTrace()
    {
        var spans = new SpanLog();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(RunTelemetry.SourceName).AddInMemoryExporter(spans).Build();
        const string runId = "telemetry-trainer-0001";
        var blobs = await StoreWithTrainingData(runId);
        var spec = TrainingJobSpec.Parse(new TrainingJobSpec(runId, "gaussian-copula", 1, "label") { TraceParent = $"00-{TraceId}-{ParentSpanId}-01" }.ToJson());

        var metrics = await TrainerJob.RunAsync(blobs, spec, "cpu", TimeProvider.System);
        tracing.ForceFlush();

        var train = Assert.Single(spans.Snapshot(), s => Tag(s, RunTelemetry.RunIdTag) == runId);
        Assert.Equal("augment.train", train.OperationName);
        Assert.Equal(TraceId, train.TraceId.ToHexString());
        Assert.Equal(ParentSpanId, train.ParentSpanId.ToHexString());
        Assert.True(train.HasRemoteParent);
        Assert.Equal("job", Tag(train, "augment.trainer"));
        Assert.Equal(metrics.TrainRows, train.GetTagItem("augment.train_rows"));
    }

    [Fact]
    public async Task Trainer_Failing_MarksItsSpanAsError()
    {
        var spans = new SpanLog();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(RunTelemetry.SourceName).AddInMemoryExporter(spans).Build();
        const string runId = "telemetry-trainer-0002";
        var blobs = await StoreWithTrainingData(runId);
        var spec = new TrainingJobSpec(runId, "no-such-model", 1, "label") { TraceParent = $"00-{TraceId}-{ParentSpanId}-01" };

        await Assert.ThrowsAnyAsync<Exception>(() => TrainerJob.RunAsync(blobs, spec, "cpu", TimeProvider.System));
        tracing.ForceFlush();

        var train = Assert.Single(spans.Snapshot(), s => Tag(s, RunTelemetry.RunIdTag) == runId);
        Assert.Equal(ActivityStatusCode.Error, train.Status);
        Assert.Contains(train.Events, e => e.Name == "exception");
    }

    [Fact]
    public void TraceParent_OldInputsWithoutIt_StillDeserialize()
    {
        var spec = TrainingJobSpec.Parse("""{ "runId": "r1", "model": "gaussian-copula", "seed": 3 }"""u8);
        var request = System.Text.Json.JsonSerializer.Deserialize<AugmentRequest>(
            """{ "dataset": "d", "container": "datasets", "blobName": "d/data.csv", "eTag": null, "specBlobName": null, "trigger": "upload" }""",
            Web);

        Assert.Null(spec.TraceParent);
        Assert.Null(request!.TraceParent);
        Assert.DoesNotContain("traceParent", Encoding.UTF8.GetString(spec.ToJson()), StringComparison.Ordinal);
    }

    [Fact]
    public void ParentOf_WithoutATraceParent_DerivesOneTracePerRunId()
    {
        var a = RunTelemetry.ParentOf("run-a", null);
        var again = RunTelemetry.ParentOf("run-a", "not a traceparent");
        var b = RunTelemetry.ParentOf("run-b", null);
        var given = RunTelemetry.ParentOf("run-a", $"00-{TraceId}-{ParentSpanId}-01");

        Assert.Equal(a, again);
        Assert.NotEqual(a.TraceId, b.TraceId);
        Assert.Equal(ActivityTraceFlags.Recorded, a.TraceFlags);
        Assert.Equal(TraceId, given.TraceId.ToHexString());
        Assert.Equal(ParentSpanId, given.SpanId.ToHexString());
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", RunTelemetry.NewTraceParent());
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name) as string;

    /// <summary>The training rows and schema a trainer reads (what Profile writes), for <paramref name="runId"/>.</summary>
    private static async Task<InMemoryBlobStore> StoreWithTrainingData(string runId)
    {
        var blobs = new InMemoryBlobStore();
        await PipelineRegistration.EnsureContainersAsync(blobs);
        var random = new Random(3);
        var label = new string?[200];
        var a = new string?[200];
        for (var r = 0; r < 200; r++)
        {
            var yes = random.NextDouble() < 0.3;
            label[r] = yes ? "yes" : "no";
            a[r] = ((yes ? 50 : 20) + (10 * random.NextDouble())).ToString("F1", CultureInfo.InvariantCulture);
        }

        var table = DataTable.FromColumns(["a", "label"], [a, label]);
        await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, WorkArea.Train(runId), table, default);
        await BlobTables.WriteJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Schema(runId), SchemaInference.Infer(table), DataJsonContext.Default.DatasetSchema, default);
        return blobs;
    }

    /// <summary>The exporter's list: other tests' spans of the same source may be added while this one reads.</summary>
    private sealed class SpanLog : ICollection<Activity>
    {
        private readonly List<Activity> items = [];

        public int Count
        {
            get
            {
                lock (items)
                {
                    return items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public void Add(Activity item)
        {
            lock (items)
            {
                items.Add(item);
            }
        }

        public void Clear()
        {
            lock (items)
            {
                items.Clear();
            }
        }

        public bool Contains(Activity item)
        {
            lock (items)
            {
                return items.Contains(item);
            }
        }

        public void CopyTo(Activity[] array, int arrayIndex)
        {
            lock (items)
            {
                items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(Activity item)
        {
            lock (items)
            {
                return items.Remove(item);
            }
        }

        public List<Activity> Snapshot()
        {
            lock (items)
            {
                return [.. items];
            }
        }

        public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
