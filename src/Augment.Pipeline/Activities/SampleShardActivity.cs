using Augment.Data;
using Augment.Storage;
using Augment.Synthesis;
using Augment.Synthesis.Neural;
using Augment.Synthesis.Onnx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Pipeline.Activities;

/// <summary>Samples one shard from the saved model (any generator of the catalog, told by the file's format) with the
/// shard's own seed; writes <c>work/{runId}/shards/{index}.csv</c>. A neural model's network (TVAE, CTGAN) runs in
/// ONNX Runtime — on CUDA when its libraries load, else the CPU — from <c>work/{runId}/model.onnx</c>, which Train
/// exported once; the noise, conditions and decoding stay ours, so the seed still fixes the rows. Our own sampler runs
/// the models ONNX cannot express (latent mixture, copula) and is the fallback when ONNX Runtime cannot make a session.</summary>
internal sealed partial class SampleShardActivity(IBlobStore blobs, GeneratorCatalog? catalog = null, OnnxEngineOptions? onnx = null, ILogger? logger = null)
{
    private readonly GeneratorCatalog _catalog = catalog ?? GeneratorCatalog.Default;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly OnnxSessionCache? _sessions = onnx is null ? null : new OnnxSessionCache(onnx);

    public async Task<SampleShardResult> RunAsync(SampleShardInput input, CancellationToken cancellationToken)
    {
        ITabularGenerator model;
        await using (var download = await blobs.OpenReadAsync(WorkArea.WorkContainer, WorkArea.Model(input.RunId), null, cancellationToken)
            ?? throw new FileNotFoundException($"model for run {input.RunId} is missing"))
        {
            model = _catalog.Load(download.Content);
        }

        var condition = input.Shard.Class is { } cls && input.Target is { } target ? new SampleCondition(target, cls) : null;
        DataTable rows;
        SamplerInfo sampler;
        if (model is IOnnxSampleable neural && _sessions is not null)
        {
            var (engine, info) = await SessionAsync(input.RunId, neural, _sessions, cancellationToken);
            sampler = info;
            rows = engine is null ? model.Sample(input.Shard.Rows, input.Seed, condition) : neural.Sample(input.Shard.Rows, input.Seed, condition, engine);
        }
        else
        {
            sampler = new SamplerInfo(SamplerInfo.Own, "CPU", model is IOnnxSampleable ? "ONNX Runtime sampling is off in this host" : $"{model.ModelKind} has no ONNX form");
            rows = model.Sample(input.Shard.Rows, input.Seed, condition);
        }

        var name = WorkArea.Shard(input.RunId, input.Shard.Index);
        await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, name, rows, cancellationToken);
        return new SampleShardResult(input.Shard.Index, rows.RowCount, name) { Sampler = sampler };
    }

    /// <summary>The run's ONNX Runtime session, made once per graph in this process; or no session and why.</summary>
    private async Task<(OnnxNetworkEngine? Engine, SamplerInfo Info)> SessionAsync(string runId, IOnnxSampleable model, OnnxSessionCache sessions, CancellationToken cancellationToken)
    {
        var graph = await OnnxSessionCache.ReadGraphAsync(blobs, WorkArea.WorkContainer, WorkArea.OnnxModel(runId), model.ExportOnnx, cancellationToken);
        return sessions.Get(graph, model.NetworkInputWidth, model.NetworkOutputWidth,
            provider => LogOnnxSession(_logger, runId, model.ModelKind, provider.Provider, provider.Reason),
            reason => LogOnnxFallback(_logger, runId, model.ModelKind, reason));
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Run {RunId}: sampling {Model} through ONNX Runtime on {Provider} ({Reason})")]
    private static partial void LogOnnxSession(ILogger logger, string runId, string model, string provider, string reason);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Run {RunId}: {Reason}; sampling {Model} with our own forward pass")]
    private static partial void LogOnnxFallback(ILogger logger, string runId, string model, string reason);
}
