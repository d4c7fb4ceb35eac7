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
        var train = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Train(input.RunId), null, cancellationToken);
        var synthetic = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Filtered(input.RunId), null, cancellationToken);
        if (input.Profile.Identifiers is { Count: > 0 } identifiers)
        {
            var real = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Identifiers(input.RunId), null, cancellationToken);
            train = WithIdentifiers(train, identifiers, i => [.. real.Column(i)]);
            synthetic = WithIdentifiers(synthetic, identifiers, i => [.. Enumerable.Range(0, synthetic.RowCount).Select(k => identifiers[i].Value(k))]);
        }

        var evaluation = await ReadEvaluationAsync(input.RunId, cancellationToken);
        var augmented = DataTable.Concat(train, synthetic);

        var prefix = WorkArea.OutputPrefix(input.Request.Dataset, input.RunId);
        var outputs = WorkArea.OutputFiles.Select(f => prefix + f).ToList();
        var report = Build(input, evaluation, augmented.RowCount);
        var html = ReportHtml.Render(report);

        await BlobTables.WriteAsync(blobs, WorkArea.OutputContainer, outputs[0], augmented, cancellationToken);
        await BlobTables.WriteAsync(blobs, WorkArea.OutputContainer, outputs[1], synthetic, cancellationToken);
        using (var page = new MemoryStream(Encoding.UTF8.GetBytes(html)))
        {
            await blobs.UploadAsync(WorkArea.OutputContainer, outputs[2], page, new BlobWriteOptions { ContentType = "text/html; charset=utf-8" }, cancellationToken);
        }

        await BlobTables.WriteJsonAsync(blobs, WorkArea.OutputContainer, outputs[3], report, ReportJsonContext.Default.RunReport, cancellationToken);
        var p = input.Profile;
        return new AugmentResult(input.RunId, input.Request.Dataset, p.Rows, p.TrainRows, p.HoldoutRows, input.Filter.Kept, WorkArea.OutputContainer, outputs);
    }

    /// <summary>Puts identifier column i's cells (from <paramref name="cells"/>) back at its original position.</summary>
    internal static DataTable WithIdentifiers(DataTable table, IReadOnlyList<IdentifierColumn> identifiers, Func<int, string?[]> cells)
    {
        var names = table.Columns.ToList();
        var columns = Enumerable.Range(0, table.Columns.Count).Select(c => table.Column(c).ToArray()).ToList();
        for (var i = 0; i < identifiers.Count; i++)
        {
            // Identifiers are in column order, so each position counts the ones inserted before it.
            names.Insert(identifiers[i].Position, identifiers[i].Name);
            columns.Insert(identifiers[i].Position, cells(i));
        }

        return DataTable.FromColumns(names, columns);
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
