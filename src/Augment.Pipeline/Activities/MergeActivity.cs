using System.Text;
using Augment.Data;
using Augment.Pipeline.Reports;
using Augment.Storage;

namespace Augment.Pipeline.Activities;

/// <summary>
/// Publishes a run: <c>augmented.csv</c> (real training rows, then synthetic rows, under the original header),
/// <c>synthetic.csv</c>, <c>report.html</c> and, last, <c>report.json</c>, under <c>augmented/{dataset}/{runId}/</c>.
/// Nothing is written there before this activity, so a failed run leaves no half-done results where users read them.
/// </summary>
internal sealed class MergeActivity(IBlobStore blobs)
{
    public async Task<AugmentResult> RunAsync(MergeInput input, CancellationToken cancellationToken)
    {
        var prefix = WorkArea.OutputPrefix(input.Request.Dataset, input.RunId);
        var outputs = WorkArea.OutputFiles.Select(f => prefix + f).ToList();
        var identifiers = input.Profile.Identifiers ?? [];

        // augmented.csv and synthetic.csv are streamed row by row through temporary files: the real rows (with their
        // identifiers read in step from identifiers.csv), then the synthetic rows (with fresh identifiers), so memory
        // stays flat however large the table.
        await using var augmented = BlobTables.TempFile();
        await using var synthetic = BlobTables.TempFile();
        var augmentedRows = await WriteOutputsAsync(input.RunId, identifiers, augmented, synthetic, cancellationToken);

        var evaluation = await ReadEvaluationAsync(input.RunId, cancellationToken);
        var report = Build(input, evaluation, checked((int)augmentedRows));
        var html = ReportHtml.Render(report);

        await BlobTables.UploadCsvAsync(blobs, WorkArea.OutputContainer, outputs[0], augmented, cancellationToken);
        await BlobTables.UploadCsvAsync(blobs, WorkArea.OutputContainer, outputs[1], synthetic, cancellationToken);
        using (var page = new MemoryStream(Encoding.UTF8.GetBytes(html)))
        {
            await blobs.UploadAsync(WorkArea.OutputContainer, outputs[2], page, new BlobWriteOptions { ContentType = "text/html; charset=utf-8" }, cancellationToken);
        }

        await BlobTables.WriteJsonAsync(blobs, WorkArea.OutputContainer, outputs[3], report, ReportJsonContext.Default.RunReport, cancellationToken);
        var p = input.Profile;
        return new AugmentResult(input.RunId, input.Request.Dataset, p.Rows, p.TrainRows, p.HoldoutRows, input.Filter.Kept, WorkArea.OutputContainer, outputs);
    }

    /// <summary>
    /// Streams augmented.csv (training rows, then synthetic rows) into <paramref name="augmented"/> and synthetic.csv into
    /// <paramref name="synthetic"/>, identifier columns put back at their positions; returns augmented.csv's row count.
    /// Holds one row of each file at a time.
    /// </summary>
    internal async Task<long> WriteOutputsAsync(string runId, IReadOnlyList<IdentifierColumn> identifiers, Stream augmented, Stream synthetic, CancellationToken cancellationToken)
    {
        await using var train = await BlobTables.OpenRowsAsync(blobs, WorkArea.WorkContainer, WorkArea.Train(runId), cancellationToken);
        await using var ids = identifiers.Count > 0 ? await BlobTables.OpenRowsAsync(blobs, WorkArea.WorkContainer, WorkArea.Identifiers(runId), cancellationToken) : null;
        var header = WithIdentifiers(train.Rows.Columns, identifiers, i => identifiers[i].Name);
        var realRow = new string?[train.Rows.Columns.Count];
        var idRow = new string?[identifiers.Count];
        var outRow = new string?[header.Length];

        var toAugmented = await CsvRowWriter.CreateAsync(augmented, header, cancellationToken);
        await using (toAugmented)
        {
            while (await train.Rows.ReadAsync(realRow, cancellationToken))
            {
                if (ids is not null && !await ids.Rows.ReadAsync(idRow, cancellationToken))
                {
                    throw new InvalidDataException($"identifiers.csv has fewer rows than train.csv ({ids.Rows.RowCount:N0})");
                }

                await toAugmented.WriteAsync(Compose(realRow, identifiers, i => idRow[i], outRow), cancellationToken);
            }

            await using var kept = await BlobTables.OpenRowsAsync(blobs, WorkArea.WorkContainer, WorkArea.Filtered(runId), cancellationToken);
            if (!kept.Rows.Columns.SequenceEqual(train.Rows.Columns, StringComparer.Ordinal))
            {
                throw new InvalidDataException("the kept synthetic rows have columns that differ from the training data");
            }

            var toSynthetic = await CsvRowWriter.CreateAsync(synthetic, header, cancellationToken);
            await using (toSynthetic)
            {
                long k = 0;
                while (await kept.Rows.ReadAsync(realRow, cancellationToken))
                {
                    var row = Compose(realRow, identifiers, i => identifiers[i].Value(k), outRow);
                    await toAugmented.WriteAsync(row, cancellationToken);
                    await toSynthetic.WriteAsync(row, cancellationToken);
                    k++;
                }
            }

            return toAugmented.RowCount;
        }
    }

    /// <summary>The names or cells of a row with identifier column i's (from <paramref name="value"/>) back at its position.</summary>
    internal static T[] WithIdentifiers<T>(IReadOnlyList<T> modelled, IReadOnlyList<IdentifierColumn> identifiers, Func<int, T> value)
    {
        var result = new T[modelled.Count + identifiers.Count];
        Compose(modelled, identifiers, value, result);
        return result;
    }

    /// <summary>Fills <paramref name="target"/>: identifiers are in column order, at their original positions; the
    /// modelled cells fill the other positions in order.</summary>
    private static T[] Compose<T>(IReadOnlyList<T> modelled, IReadOnlyList<IdentifierColumn> identifiers, Func<int, T> value, T[] target)
    {
        var next = 0;
        var m = 0;
        for (var c = 0; c < target.Length; c++)
        {
            target[c] = next < identifiers.Count && identifiers[next].Position == c ? value(next++) : modelled[m++];
        }

        return target;
    }

    /// <summary>Assembles report.json's content.</summary>
    internal static RunReport Build(MergeInput input, RunEvaluation? evaluation, int augmentedRows)
    {
        var p = input.Profile;
        var f = input.Filter;
        return new RunReport(
            SchemaVersion: RunReport.CurrentSchemaVersion,
            RunId: input.RunId,
            Dataset: input.Request.Dataset,
            Trigger: input.Request.Trigger,
            Source: new ReportSource(input.Request.Container, input.Request.BlobName, input.Request.ETag, input.Request.SpecBlobName),
            Spec: p.Spec,
            Rows: new ReportRows(p.Rows, p.TrainRows, p.HoldoutRows, f.Sampled, f.Kept, augmentedRows),
            Model: new ReportModel(input.Train.Model, p.Spec.Seed, input.Train.Seconds) { Sampler = input.Sampling },
            Stages: input.Stages,
            Filter: f.Filter,
            Quality: f.Quality,
            Audit: f.Audit,
            AuditOutcome: input.AuditOutcome,
            Evaluation: evaluation is null ? null : evaluation with { Fidelity = null },
            Fidelity: evaluation?.Fidelity,
            Columns: p.Columns);
    }

    private async Task<RunEvaluation?> ReadEvaluationAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            return await BlobTables.ReadJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Evaluation(runId), ReportJsonContext.Default.RunEvaluation, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
