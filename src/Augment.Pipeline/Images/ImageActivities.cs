using System.Globalization;
using System.IO.Compression;
using Augment.Images;
using Augment.Storage;
using Augment.Synthesis.Onnx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Pipeline.Images;

/// <summary>
/// The activities of an image run (<see cref="ImageOrchestration"/>): ProfileImages → TrainImages → SampleImages × N →
/// EvaluateImages → MergeImages. Each reads and writes only deterministic names under <c>work/{runId}/images/</c>
/// (idempotent on retry) and publishes nothing under <c>augmented/</c> before MergeImages. TrainImages exports the
/// generator's sampling network (the VAE's decoder or the GAN's generator) once to
/// <c>work/{runId}/images/generator.onnx</c>; SampleImages runs it in ONNX Runtime (CUDA when its libraries load, else
/// the CPU) with our seeded noise and one-hot classes as its input, and falls back to our own forward pass, logged and
/// recorded, when no session can be made.
/// </summary>
/// <param name="blobs">The store every activity reads and writes.</param>
/// <param name="onnx">How SampleImages makes its ONNX Runtime session; default <see cref="OnnxEngineOptions.Default"/>
/// (CUDA when present, else the CPU).</param>
/// <param name="loggers">Gets what SampleImages logs: the provider chosen and why, or the fallback.</param>
/// <param name="time">The clock of the progress blobs (their interval and elapsed seconds); default the system's.</param>
public sealed partial class ImageActivities(IBlobStore blobs, OnnxEngineOptions? onnx = null, ILoggerFactory? loggers = null, TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly ILogger logger = (ILogger?)loggers?.CreateLogger<ImageActivities>() ?? NullLogger.Instance;
    private readonly OnnxSessionCache sessions = new(onnx ?? OnnxEngineOptions.Default);

    /// <summary>The archive name a dataset folder holds for an image run.</summary>
    public const string ArchiveName = "images.zip";

    /// <summary>The largest accepted archive (bytes).</summary>
    public const long MaxArchiveBytes = 512L * 1024 * 1024;

    /// <summary>The most synthetic images one SampleImages shard draws.</summary>
    public const int ShardImages = 1000;

    /// <summary>What MergeImages publishes besides <c>synthetic/{class}/…png</c>.</summary>
    public static readonly IReadOnlyList<string> OutputFiles = ["augmented.zip", "report.json", "report.html"];

    /// <summary>Whether a request is an image run (its upload is a zip).</summary>
    public static bool IsImageRun(AugmentRequest request) =>
        request?.BlobName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>ProfileImages: reads the archive and the spec, checks the classes, splits each class 80/20 (seeded) into
    /// training and held-out images, and decides how many synthetic images each class gets.</summary>
    public async Task<ImageProfile> ProfileAsync(ImageProfileInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = input.Request;
        var specText = request.SpecBlobName is null ? null : await BlobTables.ReadTextAsync(blobs, request.Container, request.SpecBlobName, 1 << 20, cancellationToken);
        var spec = ImageSpecReader.Read(specText);
        var properties = await blobs.GetPropertiesAsync(request.Container, request.BlobName, cancellationToken)
            ?? throw new FileNotFoundException($"{request.Container}/{request.BlobName} no longer exists.");
        if (properties.ContentLength > MaxArchiveBytes)
        {
            throw new InvalidDataException($"{request.BlobName} is {properties.ContentLength / (1024 * 1024):N0} MiB, more than the {MaxArchiveBytes / (1024 * 1024):N0} MiB accepted for an image archive.");
        }

        var images = await ReadArchiveAsync(request.Container, request.BlobName, spec, cancellationToken);
        var counts = images.ClassCounts();
        if (images.Classes.Count < 2)
        {
            throw new InvalidDataException($"{request.BlobName} holds one class folder ('{images.Classes[0]}'); a class-conditional generator needs at least two.");
        }

        var smallest = Enumerable.Range(0, counts.Length).MinBy(c => counts[c]);
        if (counts[smallest] < 5)
        {
            throw new InvalidDataException($"class '{images.Classes[smallest]}' has {counts[smallest]} image(s); every class needs at least 5 (4 to learn from, 1 held out).");
        }

        // Checked before anything is written: an unknown images.audit column or an attribute with too many values.
        var audited = ImageBias.Select(images, spec.Audit).Select(a => a.Name).ToList();
        var (train, holdout) = images.SplitStratified(0.2, spec.Seed);
        await WriteArchiveAsync(Train(input.RunId), train, "", cancellationToken);
        await WriteArchiveAsync(Holdout(input.RunId), holdout, "", cancellationToken);
        var trainCounts = train.ClassCounts();
        var largest = trainCounts.Max();
        var add = trainCounts.Select(c => spec.Add ?? Math.Max(largest - c, c)).ToArray();
        return new ImageProfile(spec, images.Classes, images.Count, trainCounts, holdout.ClassCounts(), add, audited);
    }

    /// <summary>TrainImages: fits the generator the spec names (VAE or GAN) on the training images and saves it; its
    /// sampling network (the VAE's decoder, the GAN's generator) is also exported to ONNX beside it. While it trains it keeps
    /// <c>work/{runId}/progress.json</c> current (step, loss, elapsed, ETA; about once a second and once when done), as the
    /// table Train activity does.</summary>
    public async Task<ImageTrainResult> TrainAsync(ImageTrainInput input, CancellationToken cancellationToken = default) =>
        (await TrainAndSaveAsync(input, cancellationToken)).Result;

    /// <summary>
    /// The whole of TrainImages, shared by the activity and the trainer job (<see cref="Training.TrainerJob"/>), so the
    /// model, its ONNX export and the live progress are written in one place whichever runs it. Returns the result and
    /// how many training images the generator learnt from.
    /// </summary>
    internal async Task<(ImageTrainResult Result, int Images)> TrainAndSaveAsync(ImageTrainInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Spec;
        var kind = KindOf(spec.Generator);
        var train = await ReadArchiveAsync(WorkArea.WorkContainer, Train(input.RunId), spec, cancellationToken);
        var stage = $"class-conditional {spec.Generator.ToUpperInvariant()} on {train.Count} images";
        var latest = new LatestStep();
        var curve = new List<CurvePoint>();
        var fit = Task.Run(() => ImageGenerators.Train(kind, train, spec.Seed, spec.GeneratorSteps, (step, steps, loss) =>
        {
            latest.Report(step, steps, loss);
            curve.Add(new CurvePoint(step, loss));
        }, cancellationToken), cancellationToken);
        (int Step, int Steps, double Loss)? written = null;
        var (generator, elapsed) = await ReportWhileRunningAsync(fit, async elapsed =>
        {
            if (latest.Value is { } now && now != written)
            {
                await WriteProgressAsync(input.RunId, spec.Generator, stage, now, elapsed, done: false, cancellationToken);
                written = now;
            }
        }, cancellationToken);
        var steps = latest.Value?.Steps ?? spec.GeneratorSteps;
        await WriteProgressAsync(input.RunId, spec.Generator, stage, (steps, steps, generator.FinalLoss), elapsed, done: true, cancellationToken);
        using var buffer = new MemoryStream();
        generator.Save(buffer);
        buffer.Position = 0;
        await blobs.UploadAsync(WorkArea.WorkContainer, Model(input.RunId), buffer, new BlobWriteOptions { ContentType = "application/octet-stream" }, cancellationToken);
        using var graph = new MemoryStream();
        generator.ExportOnnx(graph);
        graph.Position = 0;
        await blobs.UploadAsync(WorkArea.WorkContainer, OnnxModel(input.RunId), graph, new BlobWriteOptions { ContentType = "application/octet-stream" }, cancellationToken);

        return (new ImageTrainResult($"{WorkArea.WorkContainer}/{Model(input.RunId)}", generator.TrainSeconds, generator.FinalLoss, spec.Generator) { LossCurve = curve }, train.Count);
    }

    private static ImageGeneratorKind KindOf(string generator) => generator switch
    {
        ImageSpec.Vae => ImageGeneratorKind.Vae,
        ImageSpec.Gan => ImageGeneratorKind.Gan,
        _ => throw new FormatException($"images.generator must be \"vae\" or \"gan\", not \"{generator}\"."),
    };

    /// <summary>SampleImages: draws one shard's images per class with its own seed. The generator's sampling network (the
    /// VAE's decoder or the GAN's generator) runs in ONNX Runtime from the graph TrainImages exported (one session per
    /// graph per process, <see cref="OnnxSessionCache"/>), or in our own forward pass when no session can be made. The
    /// result says which and why.</summary>
    public async Task<ImageSampleResult> SampleAsync(ImageSampleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (input, classes) = (request.Shard, request.Classes);
        IImageGenerator generator;
        await using (var model = await blobs.OpenReadAsync(WorkArea.WorkContainer, Model(input.RunId), null, cancellationToken)
            ?? throw new FileNotFoundException($"the trained model {WorkArea.WorkContainer}/{Model(input.RunId)} is missing."))
        {
            using var copy = new MemoryStream();
            await model.Content.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            generator = ImageGenerators.Load(copy);
        }

        var (engine, sampler) = await SessionAsync(input.RunId, generator, cancellationToken);
        var images = generator.Sample(input.PerClass, input.Seed, classes, engine);

        var name = Shard(input.RunId, input.Shard);
        await WriteArchiveAsync(name, images, "", cancellationToken);
        return new ImageSampleResult(input.Shard, images.Count, name) { Sampler = sampler };
    }

    /// <summary>EvaluateImages: trains the judge CNN on the real training images, filters the sampled images (near-copies,
    /// wrong class, least realistic share), measures the kept ones against the held-out images, and runs the utility
    /// arms. Writes the kept images and <c>evaluation.json</c>.</summary>
    public async Task<ImageEvaluateResult> EvaluateAsync(ImageEvaluateInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Spec;
        var train = await ReadArchiveAsync(WorkArea.WorkContainer, Train(input.RunId), spec, cancellationToken);
        var holdout = await ReadArchiveAsync(WorkArea.WorkContainer, Holdout(input.RunId), spec, cancellationToken);
        ImageSet? sampled = null;
        foreach (var shard in input.Shards.OrderBy(s => s.Shard))
        {
            var part = await ReadArchiveAsync(WorkArea.WorkContainer, shard.Blob, spec, cancellationToken, train.Classes);
            sampled = sampled is null ? part : sampled.Concat(part);
        }

        sampled ??= new ImageSet(train.Shape, [], [], train.Classes);
        // Minutes of CNN training: work/{runId}/images/evaluate-progress.json says which classifier of how many, about once a
        // second while it runs and once at the end, as TrainImages does with progress.json.
        var latest = new LatestClassifier();
        var evaluate = Task.Run(() => ImageEvaluator.Evaluate(train, holdout, sampled, spec, latest.Report, cancellationToken), cancellationToken);
        ImageEvaluateProgress? written = null;
        var ((evaluation, kept), elapsed) = await ReportWhileRunningAsync(evaluate, async elapsed =>
        {
            if (latest.Value is { } now && now != written)
            {
                await WriteEvaluateProgressAsync(input.RunId, now with { ElapsedSeconds = elapsed.TotalSeconds }, cancellationToken);
                written = now;
            }
        }, cancellationToken);
        if (latest.Value is { } last)
        {
            await WriteEvaluateProgressAsync(input.RunId, last with { Classifier = last.Classifiers, ElapsedSeconds = elapsed.TotalSeconds, Done = true }, cancellationToken);
        }

        if (kept.Count > 0)
        {
            await WriteArchiveAsync(Kept(input.RunId), kept, "", cancellationToken);
        }

        await BlobTables.WriteJsonAsync(blobs, WorkArea.WorkContainer, Evaluation(input.RunId), evaluation, ImageJsonContext.Default.ImageEvaluation, cancellationToken);
        return new ImageEvaluateResult(evaluation.Sampled, evaluation.Kept, evaluation.Utility.Verdict, evaluation.Utility.Recommendation)
        {
            Findings = ImageBias.Findings(evaluation.Bias),
        };
    }

    /// <summary>MergeImages: publishes <c>synthetic/{class}/…png</c>, <c>augmented.zip</c> (the uploaded images and the
    /// kept synthetic ones), <c>report.json</c> and <c>report.html</c> under <c>augmented/{dataset}/{runId}/</c>.</summary>
    public async Task<AugmentResult> MergeAsync(ImageMergeInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Profile.Spec;
        var prefix = WorkArea.OutputPrefix(input.Request.Dataset, input.RunId);
        var train = await ReadArchiveAsync(WorkArea.WorkContainer, Train(input.RunId), spec, cancellationToken);
        var evaluation = await BlobTables.ReadJsonAsync(blobs, WorkArea.WorkContainer, Evaluation(input.RunId), ImageJsonContext.Default.ImageEvaluation, cancellationToken);
        var kept = evaluation.Kept == 0
            ? new ImageSet(train.Shape, [], [], train.Classes)
            : await ReadArchiveAsync(WorkArea.WorkContainer, Kept(input.RunId), spec, cancellationToken, input.Profile.Classes);
        var outputs = new List<string>();
        for (var i = 0; i < kept.Count; i++)
        {
            var name = $"{prefix}synthetic/{kept.Classes[kept.Labels[i]]}/{SyntheticName(i)}";
            using var png = new MemoryStream(ImageArchive.EncodePng(kept.Image(i), kept.Shape));
            await blobs.UploadAsync(WorkArea.OutputContainer, name, png, new BlobWriteOptions { ContentType = "image/png" }, cancellationToken);
        }

        await using (var augmented = BlobTables.TempFile())
        {
            await WriteAugmentedZipAsync(input.Request, kept, augmented, cancellationToken);
            augmented.Position = 0;
            await blobs.UploadAsync(WorkArea.OutputContainer, prefix + "augmented.zip", augmented, new BlobWriteOptions { ContentType = "application/zip" }, cancellationToken);
        }

        outputs.AddRange(OutputFiles.Select(f => prefix + f));
        var report = new ImageRunReport(input.RunId, input.Request.Dataset, "images", input.Profile.Classes, input.Profile, input.Train, evaluation, input.Stages,
            [$"{prefix}synthetic/", .. outputs]) { Sampler = input.Sampling, Audit = input.Audit };
        using (var html = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(ImageReportHtml.Render(report, train, kept))))
        {
            await blobs.UploadAsync(WorkArea.OutputContainer, prefix + "report.html", html, new BlobWriteOptions { ContentType = "text/html; charset=utf-8" }, cancellationToken);
        }

        // report.json last: its presence says the outputs beside it are complete.
        await BlobTables.WriteJsonAsync(blobs, WorkArea.OutputContainer, prefix + "report.json", report, ImageJsonContext.Default.ImageRunReport, cancellationToken);
        // The result lists blobs only (clients download each); the synthetic PNGs are also inside augmented.zip.
        return new AugmentResult(input.RunId, input.Request.Dataset, input.Profile.Images, input.Profile.TrainCounts.Sum(), input.Profile.HoldoutCounts.Sum(), kept.Count,
            WorkArea.OutputContainer, outputs);
    }

    internal static string Train(string runId) => $"{runId}/images/train.zip";

    internal static string Holdout(string runId) => $"{runId}/images/holdout.zip";

    internal static string Model(string runId) => $"{runId}/images/generator.safetensors";

    internal static string OnnxModel(string runId) => $"{runId}/images/generator.onnx";

    internal static string Shard(string runId, int index) => $"{runId}/images/shards/{index.ToString("D5", CultureInfo.InvariantCulture)}.zip";

    internal static string Kept(string runId) => $"{runId}/images/synthetic.zip";

    internal static string Evaluation(string runId) => $"{runId}/images/evaluation.json";

    /// <summary>Where EvaluateImages says which classifier it is training (<see cref="ImageEvaluateProgress"/>).</summary>
    public static string EvaluateProgress(string runId) => $"{runId}/images/evaluate-progress.json";

    internal static string SyntheticName(int index) => $"synthetic-{index.ToString("D5", CultureInfo.InvariantCulture)}.png";

    /// <summary>The run's ONNX Runtime session, made once per graph in this process; or no session and why.</summary>
    private async Task<(OnnxNetworkEngine? Engine, SamplerInfo Info)> SessionAsync(string runId, IImageGenerator generator, CancellationToken cancellationToken)
    {
        var graph = await OnnxSessionCache.ReadGraphAsync(blobs, WorkArea.WorkContainer, OnnxModel(runId), generator.ExportOnnx, cancellationToken);
        return sessions.Get(graph, generator.NetworkInputWidth, generator.Shape.Size,
            provider => LogOnnxSession(logger, runId, provider.Provider, provider.Reason),
            reason => LogOnnxFallback(logger, runId, reason));
    }

    private async Task<ImageSet> ReadArchiveAsync(string container, string name, ImageSpec spec, CancellationToken cancellationToken, IReadOnlyList<string>? classes = null)
    {
        await using var download = await blobs.OpenReadAsync(container, name, null, cancellationToken)
            ?? throw new FileNotFoundException($"{container}/{name} does not exist.");
        await using var copy = BlobTables.TempFile();
        await download.Content.CopyToAsync(copy, cancellationToken);
        copy.Position = 0;
        var set = ImageArchive.Read(copy, new ImageReadOptions(spec.Size, spec.Channels));
        return classes is null ? set : Relabel(set, classes);
    }

    /// <summary>A shard may lack a class (zero images asked of it): map its labels onto the run's full class list.</summary>
    private static ImageSet Relabel(ImageSet set, IReadOnlyList<string> classes)
    {
        var map = set.Classes.Select(c => classes.ToList().IndexOf(c)).ToArray();
        return new ImageSet(set.Shape, set.Pixels, [.. set.Labels.Select(l => map[l])], classes, set.Names);
    }

    private async Task WriteArchiveAsync(string name, ImageSet images, string prefix, CancellationToken cancellationToken)
    {
        await using var file = BlobTables.TempFile();
        ImageArchive.Write(images, file, prefix);
        file.Position = 0;
        await blobs.UploadAsync(WorkArea.WorkContainer, name, file, new BlobWriteOptions { ContentType = "application/zip" }, cancellationToken);
    }

    private async Task WriteAugmentedZipAsync(AugmentRequest request, ImageSet kept, Stream destination, CancellationToken cancellationToken)
    {
        await using var source = await blobs.OpenReadAsync(request.Container, request.BlobName, null, cancellationToken)
            ?? throw new FileNotFoundException($"{request.Container}/{request.BlobName} no longer exists.");
        await using var copy = BlobTables.TempFile();
        await source.Content.CopyToAsync(copy, cancellationToken);
        copy.Position = 0;
        using var original = new ZipArchive(copy, ZipArchiveMode.Read, leaveOpen: true);
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        var syntheticNames = Enumerable.Range(0, kept.Count).Select(i => (File: $"{kept.Classes[kept.Labels[i]]}/{SyntheticName(i)}", Class: kept.Classes[kept.Labels[i]])).ToList();
        foreach (var entry in original.Entries.Where(e => !e.FullName.EndsWith('/')))
        {
            var target = zip.CreateEntry(entry.FullName, CompressionLevel.Fastest);
            await using var from = entry.Open();
            await using var to = target.Open();
            if (string.Equals(entry.FullName, ImageLabels.FileName, StringComparison.OrdinalIgnoreCase))
            {
                // One row per image stays true: the synthetic images get their file and class, attributes empty.
                using var labels = new MemoryStream();
                await from.CopyToAsync(labels, cancellationToken);
                await to.WriteAsync(ImageLabels.Append(labels.ToArray(), syntheticNames), cancellationToken);
                continue;
            }

            await from.CopyToAsync(to, cancellationToken);
        }

        for (var i = 0; i < kept.Count; i++)
        {
            var target = zip.CreateEntry(syntheticNames[i].File, CompressionLevel.Fastest);
            await using var to = target.Open();
            to.Write(ImageArchive.EncodePng(kept.Image(i), kept.Shape));
        }
    }
}
