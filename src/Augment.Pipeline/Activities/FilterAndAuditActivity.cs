using Augment.Data;
using Augment.Pipeline.Quality;
using Augment.Storage;

namespace Augment.Pipeline.Activities;

/// <summary>
/// Reads every shard in index order, drops invalid rows and exact copies of real rows, scores column shapes against
/// the training rows and audits group shares; writes the kept rows to <c>work/{runId}/synthetic.csv</c>.
/// </summary>
internal sealed class FilterAndAuditActivity(IBlobStore blobs)
{
    private const int MaxExamples = 5;

    public async Task<FilterResult> RunAsync(FilterInput input, CancellationToken cancellationToken)
    {
        var train = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Train(input.RunId), null, cancellationToken);
        var holdout = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Holdout(input.RunId), null, cancellationToken);
        var schema = await BlobTables.ReadJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Schema(input.RunId), DataJsonContext.Default.DatasetSchema, cancellationToken);
        var filter = new RowFilter(DataTable.Concat(train, holdout), schema);

        var kept = DataTable.FromColumns(train.Columns, train.Columns.Select(_ => Array.Empty<string?>()).ToList());
        int sampled = 0, invalid = 0, copies = 0;
        var examples = new List<string>();
        foreach (var shard in input.Shards.OrderBy(s => s.Index))
        {
            var rows = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, shard.Blob, null, cancellationToken);
            if (!rows.Columns.SequenceEqual(train.Columns))
            {
                throw new InvalidDataException($"shard {shard.Index} has columns that differ from the training data");
            }

            var keep = new List<int>(rows.RowCount);
            for (var r = 0; r < rows.RowCount; r++)
            {
                switch (filter.Judge(rows, r, out var reason))
                {
                    case RowVerdict.Keep:
                        keep.Add(r);
                        break;
                    case RowVerdict.Invalid:
                        invalid++;
                        if (examples.Count < MaxExamples && reason is not null)
                        {
                            examples.Add(reason);
                        }

                        break;
                    default:
                        copies++;
                        break;
                }
            }

            sampled += rows.RowCount;
            kept = DataTable.Concat(kept, rows.SelectRows(keep));
        }

        var quality = ColumnSimilarity.Score(train, kept, schema, input.Spec.Target);
        var audit = GroupAudit.Audit(train, kept, schema, input.Spec.Sensitive, input.Spec.Target);
        await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, WorkArea.Filtered(input.RunId), kept, cancellationToken);
        return new FilterResult(sampled, invalid, copies, kept.RowCount, examples, quality, audit);
    }
}
