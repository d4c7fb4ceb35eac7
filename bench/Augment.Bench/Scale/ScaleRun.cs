using System.Globalization;
using System.Text.Json;
using Augment.Pipeline;
using Augment.Pipeline.Activities;
using Augment.Pipeline.Planning;
using Augment.Storage;

namespace Augment.Bench.Scale;

/// <summary>
/// One case of the <c>scale</c> suite, in a child process of its own: the pipeline's activities (the product's code, through
/// <see cref="PipelineActivities"/>) run in order on a <see cref="FolderBlobStore"/> as the orchestration would call them
/// (shards one after another), each stage measured by <see cref="StageMeter"/>. Prints one JSON line.
/// <c>scale-run --data f.csv --work dir --model m --add N --seed S --max-training-rows N --stages profile,train,sample,filter,evaluate,merge</c>.
/// </summary>
internal static class ScaleRun
{
    private const string RunId = "scale";

    public static async Task<int> RunAsync(string[] args)
    {
        var o = Options(args);
        var stages = o["stages"].Split(',').ToHashSet(StringComparer.Ordinal);
        var blobs = new FolderBlobStore(o["work"]);
        await PipelineRegistration.EnsureContainersAsync(blobs);
        await using (var data = File.OpenRead(o["data"]))
        {
            await blobs.UploadAsync(WorkArea.DatasetsContainer, "scale/data.csv", data);
        }

        var spec = string.Create(CultureInfo.InvariantCulture,
            $$"""{ "target": "income", "sensitive": ["sex", "race"], "model": "{{o["model"]}}", "rows": {{o["add"]}}, "seed": {{o["seed"]}}, "limits": { "maxRows": 10000000, "maxFileMB": 2048, "maxTrainingRows": {{o["max-training-rows"]}} } }""");
        await using (var specStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(spec)))
        {
            await blobs.UploadAsync(WorkArea.DatasetsContainer, "scale/augment.json", specStream);
        }

        var activities = new PipelineActivities(blobs);
        var request = new AugmentRequest("scale", WorkArea.DatasetsContainer, "scale/data.csv", null, "scale/augment.json", "bench");
        var figures = new List<StageFigures>();
        var started = DateTime.UtcNow;

        ProfileResult? profile = null;
        figures.Add(await StageMeter.MeasureAsync("profile", async () =>
        {
            profile = await activities.ProfileAsync(new ProfileInput(RunId, request));
            return profile.TrainRows;
        }));
        var resolved = profile!.Spec;

        TrainResult? train = null;
        if (stages.Contains("train"))
        {
            figures.Add(await StageMeter.MeasureAsync("train", async () =>
            {
                train = await activities.TrainAsync(new TrainInput(RunId, resolved.Model, resolved.Seed, resolved.Target, resolved.Epochs, resolved.BatchSize, resolved.TimeBudgetSeconds));
                return train.FitRows;
            }));
        }

        var sampled = new List<SampleShardResult>();
        if (train is not null && stages.Contains("sample"))
        {
            var shards = ShardPlanner.Plan(ShardPlanner.Allocate(resolved.Rows, profile.TrainRows, profile.ClassCounts), resolved.ShardSize);
            figures.Add(await StageMeter.MeasureAsync("sample", async () =>
            {
                foreach (var shard in shards)
                {
                    sampled.Add(await activities.SampleShardAsync(new SampleShardInput(RunId, shard, WorkArea.ShardSeed(resolved.Seed, shard.Index), resolved.Target)));
                }

                return sampled.Sum(s => (long)s.Rows);
            }));
        }

        FilterResult? filtered = null;
        if (sampled.Count > 0 && stages.Contains("filter"))
        {
            figures.Add(await StageMeter.MeasureAsync("filter", async () =>
            {
                filtered = await activities.FilterAndAuditAsync(new FilterInput(RunId, sampled, resolved));
                return filtered.Kept;
            }));
        }

        EvaluateResult? evaluated = null;
        if (filtered is not null && stages.Contains("evaluate"))
        {
            figures.Add(await StageMeter.MeasureAsync("evaluate", async () =>
            {
                evaluated = await activities.EvaluateAsync(new EvaluateInput(RunId, resolved, filtered.Audit));
                return evaluated.Findings.Count;
            }));
        }

        if (filtered is not null && train is not null && stages.Contains("merge"))
        {
            var findings = evaluated?.Findings ?? [];
            var outcome = new AuditOutcome("warn", findings, findings.Count == 0 ? "passed" : "warned", null, null);
            figures.Add(await StageMeter.MeasureAsync("merge", async () =>
            {
                var result = await activities.MergeAsync(new MergeInput(RunId, request, profile, train, filtered, outcome, [new StageTiming("Profile", started, DateTime.UtcNow)]));
                return result.TrainRows + result.SyntheticRows;
            }));
        }

        var line = new Dictionary<string, object>
        {
            ["model"] = train?.Model ?? resolved.Model,
            ["rows"] = profile.Rows,
            ["train_rows"] = profile.TrainRows,
            ["fit_rows"] = train?.FitRows ?? 0,
            ["process_peak_mb"] = Math.Round(figures.Count == 0 ? StageMeter.PeakMb() : figures.Max(f => f.PeakMb)),
            ["peak_is_per_stage"] = figures.All(f => f.PeakIsPerStage),
        };
        foreach (var f in figures)
        {
            line[$"{f.Stage}_s"] = Math.Round(f.Seconds, 2);
            line[$"{f.Stage}_cpu_s"] = Math.Round(f.CpuSeconds, 2);
            line[$"{f.Stage}_peak_mb"] = Math.Round(f.PeakMb);
            line[$"{f.Stage}_alloc_mb"] = Math.Round(f.AllocatedMb);
            line[$"{f.Stage}_rows"] = f.Rows;
        }

        Console.WriteLine(JsonSerializer.Serialize(line, BenchJsonContext.Default.DictionaryStringObject));
        return 0;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["seed"] = "42",
            ["stages"] = "profile,train,sample,filter,evaluate,merge",
            ["max-training-rows"] = "10000000",
        };
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return values;
    }
}
