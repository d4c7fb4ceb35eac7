using System.IO.Compression;
using System.Text.Json;
using Augment.Images;
using Augment.Pipeline.Images;
using Augment.Storage;
using Augment.Tensors.Layers;

namespace Augment.Pipeline.Tests.Images;

/// <summary>Every image activity on an in-memory store with tiny 8×8 images in two classes (<see cref="TwoClassImages"/>:
/// dark left half vs dark right half), with few training steps so the whole run takes seconds.</summary>
public sealed class ImageActivitiesTests
{
    private const string RunId = "tiny-0123456789abcdef";
    private const string Spec = """{"seed": 5, "images": {"size": 8, "add": 30, "generatorSteps": 200, "classifierSteps": 60, "utilitySeeds": 2}}""";

    [Theory]
    [InlineData("vae")]
    [InlineData("gan")]
    public async Task ImageRun_ProfileToMerge_PublishesImagesZipAndAReportAndLeavesTheSourceAlone(string generator)
    {
        var blobs = new InMemoryBlobStore();
        await PipelineRegistration.EnsureContainersAsync(blobs);
        var archive = TwoClassImages.Archive(40);
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "tiny/images.zip", new MemoryStream(archive));
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "tiny/augment.json", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Spec.Replace("\"size\"", $"\"generator\": \"{generator}\", \"size\"", StringComparison.Ordinal))));
        var request = new AugmentRequest("tiny", WorkArea.DatasetsContainer, "tiny/images.zip", null, "tiny/augment.json", "upload");
        var activities = new ImageActivities(blobs);

        var profile = await activities.ProfileAsync(new ImageProfileInput(RunId, request));
        Assert.Equal(TwoClassImages.Classes, profile.Classes);
        Assert.Equal(80, profile.Images);
        Assert.Equal([32, 32], profile.TrainCounts);
        Assert.Equal([8, 8], profile.HoldoutCounts);
        Assert.Equal([30, 30], profile.AddCounts);
        Assert.Equal(8, profile.Spec.Size);
        Assert.Equal(generator, profile.Spec.Generator);

        var train = await activities.TrainAsync(new ImageTrainInput(RunId, profile.Spec));
        Assert.True(double.IsFinite(train.FinalLoss));
        Assert.Equal(generator, train.Generator);
        // The table trainers' progress.json: what the job poll puts in the custom status.
        var progress = JsonSerializer.Deserialize<TrainingStatus>(await Bytes(blobs, WorkArea.WorkContainer, WorkArea.Progress(RunId)), JsonSerializerOptions.Web)!;
        Assert.Equal((generator, "step", true, 0.0), (progress.Model, progress.Unit, progress.Done, progress.EtaSeconds));
        Assert.Equal(progress.TotalSteps, progress.Step);
        Assert.True(progress.Step >= 200, $"{progress.Step} steps");
        Assert.Equal(train.FinalLoss, progress.Loss);
        Assert.Equal($"class-conditional {generator.ToUpperInvariant()} on 64 images", progress.Stage);
        // TrainImages exports the sampling network (the VAE's decoder, the GAN's generator) for SampleImages.
        Assert.True((await Bytes(blobs, WorkArea.WorkContainer, $"{RunId}/images/generator.onnx")).Length > 1000, "TrainImages exports the sampling network");

        var shard = await activities.SampleAsync(new ImageSampleRequest(new ImageSampleInput(RunId, 0, profile.AddCounts, 77), profile.Spec, profile.Classes));
        Assert.Equal(60, shard.Images);
        Assert.Equal(SamplerInfo.OnnxRuntime, shard.Sampler?.Engine);
        Assert.Contains(shard.Sampler?.Provider, new[] { "CPU", "CUDA" });
        var again = await activities.SampleAsync(new ImageSampleRequest(new ImageSampleInput(RunId, 0, profile.AddCounts, 77), profile.Spec, profile.Classes));
        Assert.Equal(await Bytes(blobs, WorkArea.WorkContainer, shard.Blob), await Bytes(blobs, WorkArea.WorkContainer, again.Blob));

        var evaluation = await activities.EvaluateAsync(new ImageEvaluateInput(RunId, profile.Spec, [shard]));
        Assert.Equal(60, evaluation.Sampled);
        Assert.InRange(evaluation.Kept, 1, 60);
        // Which classifier of how many: the judge and 4 arms × 2 seeds, all trained by the end.
        var evaluated = JsonSerializer.Deserialize<ImageEvaluateProgress>(await Bytes(blobs, WorkArea.WorkContainer, $"{RunId}/images/evaluate-progress.json"), JsonSerializerOptions.Web)!;
        Assert.Equal((9, 9, "real + classic + synthetic, seed 2", true), (evaluated.Classifier, evaluated.Classifiers, evaluated.Training, evaluated.Done));
        Assert.Empty(evaluation.Findings); // no labels.csv, no bias audit
        Assert.Contains(evaluation.Verdict, new[] { "helped", "no effect", "hurt" });

        var result = await activities.MergeAsync(new ImageMergeInput(RunId, request, profile, train, evaluation, []) { Sampling = SamplerInfo.Summarize([(shard.Shard, shard.Sampler)]) });
        var prefix = WorkArea.OutputPrefix("tiny", RunId);
        Assert.Equal(evaluation.Kept, result.SyntheticRows);
        Assert.Contains(prefix + "report.json", result.Outputs);

        using var report = JsonDocument.Parse(await Bytes(blobs, WorkArea.OutputContainer, prefix + "report.json"));
        Assert.Equal("images", report.RootElement.GetProperty("kind").GetString());
        Assert.Equal(shard.Sampler!.Engine, report.RootElement.GetProperty("sampler").GetProperty("engine").GetString());
        Assert.Equal(shard.Sampler.Reason, report.RootElement.GetProperty("sampler").GetProperty("reason").GetString());
        Assert.Equal(generator, report.RootElement.GetProperty("train").GetProperty("generator").GetString());
        var e = report.RootElement.GetProperty("evaluation");
        Assert.Equal(["near-copies", "wrong-class", "least-realistic"], e.GetProperty("filters").EnumerateArray().Select(f => f.GetProperty("step").GetString()));
        Assert.Equal(4, e.GetProperty("utility").GetProperty("arms").GetArrayLength());
        Assert.Equal(2, e.GetProperty("perClass").GetArrayLength());
        Assert.Equal(evaluation.Kept, e.GetProperty("kept").GetInt32());
        var overall = e.GetProperty("overall");
        Assert.True(double.IsFinite(overall.GetProperty("kernelDistance").GetDouble()), "KID of the kept images against the held-out ones");
        Assert.True(double.IsFinite(overall.GetProperty("kernelDistanceRealFloor").GetDouble()), "KID of the real training images against the held-out ones");
        var lossCurve = report.RootElement.GetProperty("train").GetProperty("lossCurve").EnumerateArray().ToList();
        Assert.Equal([100, 200], lossCurve.Select(p => p.GetProperty("step").GetInt32()));
        Assert.Equal(train.FinalLoss, lossCurve[^1].GetProperty("value").GetDouble());
        Assert.All(e.GetProperty("utility").GetProperty("arms").EnumerateArray(), a => Assert.NotEmpty(a.GetProperty("validationCurve").EnumerateArray()));

        var html = System.Text.Encoding.UTF8.GetString(await Bytes(blobs, WorkArea.OutputContainer, prefix + "report.html"));
        Assert.Contains("Verdict:", html, StringComparison.Ordinal);
        Assert.Contains($"sampled by {shard.Sampler.Engine} on {shard.Sampler.Provider}", html, StringComparison.Ordinal);
        Assert.Contains($"class-conditional {generator.ToUpperInvariant()}", html, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.Contains("id=\"curves\"", html, StringComparison.Ordinal);
        Assert.Contains("<th class=\"num\">KID</th>", html, StringComparison.Ordinal);
        Assert.Equal(1 + 4, html.Split("<polyline", StringSplitOptions.None).Length - 1);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html); // self-contained: the SVG namespace is the only URL

        using var augmented = new ZipArchive(new MemoryStream(await Bytes(blobs, WorkArea.OutputContainer, prefix + "augmented.zip")));
        Assert.Equal(80 + evaluation.Kept, augmented.Entries.Count);
        Assert.Equal(evaluation.Kept, augmented.Entries.Count(x => x.Name.StartsWith("synthetic-", StringComparison.Ordinal)));
        var pngs = (await blobs.ListPageAsync(WorkArea.OutputContainer, prefix + "synthetic/")).Items;
        Assert.Equal(evaluation.Kept, pngs.Count);
        Assert.All(pngs, p => Assert.Matches(@"synthetic/(dark-left|dark-right)/synthetic-\d{5}\.png$", p.Name));
        Assert.Equal(archive, await Bytes(blobs, WorkArea.DatasetsContainer, "tiny/images.zip"));
    }

    [Theory]
    [InlineData("vae")]
    [InlineData("gan")]
    public async Task Sample_NoUsableGraph_FallsBackToOurForwardPass_AndAMissingGraphIsExportedAgain(string generator)
    {
        var blobs = new InMemoryBlobStore();
        await PipelineRegistration.EnsureContainersAsync(blobs);
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "tiny/images.zip", new MemoryStream(TwoClassImages.Archive(20)));
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "tiny/augment.json", new MemoryStream(System.Text.Encoding.UTF8.GetBytes("""{"seed": 5, "images": {"size": 8, "add": 20, "generator": "GENERATOR", "generatorSteps": 40}}""".Replace("GENERATOR", generator, StringComparison.Ordinal))));
        var request = new AugmentRequest("tiny", WorkArea.DatasetsContainer, "tiny/images.zip", null, "tiny/augment.json", "upload");
        var activities = new ImageActivities(blobs);
        var profile = await activities.ProfileAsync(new ImageProfileInput(RunId, request));
        var spec = profile.Spec;
        await activities.TrainAsync(new ImageTrainInput(RunId, spec));
        var sample = new ImageSampleRequest(new ImageSampleInput(RunId, 0, [20, 20], 91), spec, profile.Classes);
        var viaOrt = await activities.SampleAsync(sample);
        var ortImages = await Images(blobs, viaOrt.Blob, spec);

        // A graph ONNX Runtime cannot load: the shard is still drawn, by our own forward pass, and says why.
        await blobs.UploadAsync(WorkArea.WorkContainer, $"{RunId}/images/generator.onnx", new MemoryStream([8, 1, 18, 3, 1, 2]));
        var fallback = await new ImageActivities(blobs).SampleAsync(sample);
        Assert.Equal(SamplerInfo.Own, fallback.Sampler?.Engine);
        Assert.StartsWith("fallback: ONNX Runtime could not create a session: ", fallback.Sampler?.Reason, StringComparison.Ordinal);
        // The same seed gives the same images through either engine (to the 8-bit PNG step: the engines agree to 1e-5).
        var ownImages = await Images(blobs, fallback.Blob, spec);
        Assert.Equal(ortImages.Labels, ownImages.Labels);
        Assert.All(ortImages.Pixels.Zip(ownImages.Pixels), p => Assert.InRange(Math.Abs(p.First - p.Second), 0f, 1.01f / 255));

        // No graph at all (a model trained before TrainImages exported one): exported from the loaded model.
        await blobs.DeleteAsync(WorkArea.WorkContainer, $"{RunId}/images/generator.onnx");
        var reExported = await new ImageActivities(blobs).SampleAsync(sample);
        Assert.Equal(SamplerInfo.OnnxRuntime, reExported.Sampler?.Engine);
        Assert.Equal(ortImages.Pixels, (await Images(blobs, reExported.Blob, spec)).Pixels);
    }

    [Theory]
    [InlineData("one", "holds one class folder")]
    [InlineData("few", "class 'b' has 3 image(s); every class needs at least 5")]
    [InlineData("spec", "augment.json images.size must be a multiple of 4")]
    [InlineData("junk", "not a zip")]
    [InlineData("audit", "augment.json images.audit names 'sex', but the archive has no labels.csv with attribute columns")]
    public async Task Profile_BadInput_OneLineReasonAndNothingWritten(string kind, string expected)
    {
        var blobs = new InMemoryBlobStore();
        await PipelineRegistration.EnsureContainersAsync(blobs);
        var shape = new ImageShape(1, 8, 8);
        byte[] archive = kind switch
        {
            "one" => Zip(new ImageSet(shape, new float[6 * 64], new int[6], ["a"])),
            "few" => Zip(new ImageSet(shape, new float[9 * 64], [0, 0, 0, 0, 0, 0, 1, 1, 1], ["a", "b"])),
            "junk" => [1, 2, 3],
            _ => TwoClassImages.Archive(10),
        };
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "bad/images.zip", new MemoryStream(archive));
        await blobs.UploadAsync(WorkArea.DatasetsContainer, "bad/augment.json", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(kind switch { "spec" => """{"images": {"size": 10}}""", "audit" => """{"images": {"audit": ["sex"]}}""", _ => "{}" })));
        var request = new AugmentRequest("bad", WorkArea.DatasetsContainer, "bad/images.zip", null, "bad/augment.json", "upload");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => new ImageActivities(blobs).ProfileAsync(new ImageProfileInput(RunId, request)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty((await blobs.ListPageAsync(WorkArea.WorkContainer)).Items);
    }

    [Theory]
    [InlineData("{}", 28, 1, null)]
    [InlineData("""{"images": {"size": 32, "channels": 3, "add": 50}}""", 32, 3, 50)]
    [InlineData("""{"images": {"add": "balance"}, "model": "tvae"}""", 28, 1, null)]
    public void SpecReader_ReadsImageOptions(string json, int size, int channels, int? add)
    {
        var spec = ImageSpecReader.Read(json);
        Assert.Equal((size, channels, add), (spec.Size, spec.Channels, spec.Add));
        Assert.Equal("gan", spec.Generator);
        Assert.Null(spec.Audit);
    }

    [Fact]
    public void SpecReader_Generator_ReadsGan() =>
        Assert.Equal("gan", ImageSpecReader.Read("""{"images": {"generator": "gan"}}""").Generator);

    [Fact]
    public void SpecReader_Audit_ListOfColumns() =>
        Assert.Equal(["ink", "site"], ImageSpecReader.Read("""{"images": {"audit": ["ink", " site ", "INK"]}}""").Audit);

    [Theory]
    [InlineData("{}", "warn", 24)]
    [InlineData("""{"audit": {"policy": "Fail"}}""", "fail", 24)]
    [InlineData("""{"audit": {"policy": "await-approval", "approvalTimeoutHours": 0.5, "maxShareShift": 0.1}}""", "await-approval", 0.5)]
    public void SpecReader_TopLevelAuditPolicy_ReadAsForTableRuns(string json, string policy, double hours)
    {
        var spec = ImageSpecReader.Read(json);
        Assert.Equal((policy, hours), (spec.AuditPolicy, spec.ApprovalTimeoutHours));
    }

    [Theory]
    [InlineData("""{"audit": {"policy": "block"}}""", "audit.policy must be one of warn, fail, await-approval")]
    [InlineData("""{"audit": {"approvalTimeoutHours": 0}}""", "audit.approvalTimeoutHours must be a number of hours from 1/60 to 720")]
    [InlineData("""{"audit": "fail"}""", "audit must be an object")]
    [InlineData("""{"images": {"channels": 2}}""", "images.channels must be 1 (grey) or 3 (RGB)")]
    [InlineData("""{"images": {"add": "lots"}}""", "images.add must be a number, not string (or \"balance\")")]
    [InlineData("""{"images": {"colour": 1}}""", "images.colour is not an image option")]
    [InlineData("""{"images": 3}""", "images must be an object")]
    [InlineData("""{"images": {"generator": "diffusion"}}""", "images.generator must be \"vae\" or \"gan\"")]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{"images": {"audit": "ink"}}""", "images.audit must be a list of labels.csv column names")]
    public void SpecReader_BadOptions_NameTheField(string json, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => ImageSpecReader.Read(json)).Message, StringComparison.Ordinal);

    private static byte[] Zip(ImageSet set)
    {
        using var stream = new MemoryStream();
        ImageArchive.Write(set, stream);
        return stream.ToArray();
    }

    private static async Task<ImageSet> Images(IBlobStore blobs, string name, ImageSpec spec) =>
        ImageArchive.Read(new MemoryStream(await Bytes(blobs, WorkArea.WorkContainer, name)), new ImageReadOptions(spec.Size, spec.Channels));

    private static async Task<byte[]> Bytes(IBlobStore blobs, string container, string name)
    {
        await using var download = await blobs.OpenReadAsync(container, name) ?? throw new FileNotFoundException(name);
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);
        return copy.ToArray();
    }
}
