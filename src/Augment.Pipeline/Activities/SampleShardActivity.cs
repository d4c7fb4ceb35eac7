using Augment.Storage;
using Augment.Synthesis;

namespace Augment.Pipeline.Activities;

/// <summary>Samples one shard from the saved model (any generator of the catalog, told by the file's format) with the
/// shard's own seed; writes <c>work/{runId}/shards/{index}.csv</c>.</summary>
internal sealed class SampleShardActivity(IBlobStore blobs, GeneratorCatalog? catalog = null)
{
    private readonly GeneratorCatalog _catalog = catalog ?? GeneratorCatalog.Default;

    public async Task<SampleShardResult> RunAsync(SampleShardInput input, CancellationToken cancellationToken)
    {
        ITabularGenerator model;
        await using (var download = await blobs.OpenReadAsync(WorkArea.WorkContainer, WorkArea.Model(input.RunId), null, cancellationToken)
            ?? throw new FileNotFoundException($"model for run {input.RunId} is missing"))
        {
            model = _catalog.Load(download.Content);
        }

        var condition = input.Shard.Class is { } cls && input.Target is { } target ? new SampleCondition(target, cls) : null;
        var rows = model.Sample(input.Shard.Rows, input.Seed, condition);
        var name = WorkArea.Shard(input.RunId, input.Shard.Index);
        await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, name, rows, cancellationToken);
        return new SampleShardResult(input.Shard.Index, rows.RowCount, name);
    }
}
