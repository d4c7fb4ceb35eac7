using Augment.Data;
using Augment.Pipeline.Quality;
using Augment.Storage;

namespace Augment.Pipeline.Activities;

/// <summary>
/// Reads every shard in index order, runs the <see cref="SyntheticFilter"/> steps (validity, constraints, duplicates,
/// copies of real rows, privacy, realism), scores column shapes against the training rows and audits group shares;
/// writes the kept rows to <c>work/{runId}/synthetic.csv</c>.
/// </summary>
internal sealed class FilterAndAuditActivity(IBlobStore blobs, RealnessScorer? realness)
{
    public async Task<FilterResult> RunAsync(FilterInput input, CancellationToken cancellationToken)
    {
        var train = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Train(input.RunId), null, cancellationToken);
        var holdout = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Holdout(input.RunId), null, cancellationToken);
        var schema = await BlobTables.ReadJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Schema(input.RunId), DataJsonContext.Default.DatasetSchema, cancellationToken);

        var sampled = await ReadShardsAsync(blobs, input, train.Columns, cancellationToken);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (kept, report) = new SyntheticFilter(train, holdout, schema, input.Spec.Quality, realness).Run(sampled, input.Spec.Seed);
        var seconds = clock.Elapsed.TotalSeconds;
        if (kept.RowCount == 0 && report.Sampled > 0)
        {
            var dropped = string.Join(", ", report.Steps.Where(s => s.Dropped > 0).Select(s => $"{s.Step} {s.Dropped}"));
            throw new InvalidDataException(
                $"all {report.Sampled} sampled rows were filtered out ({dropped}); with {train.RowCount} training rows there may be too little to learn from, or the constraints or privacy.dcrThreshold are stricter than the data allows.");
        }

        var quality = ColumnSimilarity.Score(train, kept, schema, input.Spec.Target);
        var audit = GroupAudit.Audit(train, kept, schema, input.Spec.Sensitive, input.Spec.Target);
        await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, WorkArea.Filtered(input.RunId), kept, cancellationToken);
        return new FilterResult(report, quality, audit, seconds);
    }

    /// <summary>
    /// Reads every shard in index order and joins them once (<see cref="DataTable.Concat(IReadOnlyList{DataTable})"/>): the
    /// work is linear in the rows sampled, whatever the shard count (appending shard by shard re-copied every row so far).
    /// </summary>
    internal static async Task<DataTable> ReadShardsAsync(IBlobStore blobs, FilterInput input, IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        var shards = new List<DataTable>(input.Shards.Count + 1) { DataTable.FromColumns(columns, columns.Select(_ => Array.Empty<string?>()).ToList()) };
        foreach (var shard in input.Shards.OrderBy(s => s.Index))
        {
            var rows = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, shard.Blob, null, cancellationToken);
            if (!rows.Columns.SequenceEqual(columns))
            {
                throw new InvalidDataException($"shard {shard.Index} has columns that differ from the training data");
            }

            shards.Add(rows);
        }

        return DataTable.Concat(shards);
    }
}
