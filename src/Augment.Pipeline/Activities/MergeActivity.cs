using Augment.Data;
using Augment.Pipeline.Reports;
using Augment.Storage;

namespace Augment.Pipeline.Activities;

/// <summary>
/// Publishes a run: <c>augmented.csv</c> (real training rows, then synthetic rows, under the original header),
/// <c>synthetic.csv</c> and, last, <c>report.json</c>, under <c>augmented/{dataset}/{runId}/</c>. Nothing is written
/// there before this activity, so a failed run leaves no half-done results where users read them.
/// </summary>
internal sealed class MergeActivity(IBlobStore blobs)
{
    public async Task<AugmentResult> RunAsync(MergeInput input, CancellationToken cancellationToken)
    {
        var train = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Train(input.RunId), null, cancellationToken);
        var synthetic = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Filtered(input.RunId), null, cancellationToken);
        var augmented = DataTable.Concat(train, synthetic);

        var prefix = WorkArea.OutputPrefix(input.Request.Dataset, input.RunId);
        var outputs = WorkArea.OutputFiles.Select(f => prefix + f).ToList();
        await BlobTables.WriteAsync(blobs, WorkArea.OutputContainer, outputs[0], augmented, cancellationToken);
        await BlobTables.WriteAsync(blobs, WorkArea.OutputContainer, outputs[1], synthetic, cancellationToken);

        var p = input.Profile;
        var f = input.Filter;
        var report = new RunReport(
            FormatVersion: 1,
            RunId: input.RunId,
            Dataset: input.Request.Dataset,
            Trigger: input.Request.Trigger,
            Source: new ReportSource(input.Request.Container, input.Request.BlobName, input.Request.ETag, input.Request.SpecBlobName),
            Spec: p.Spec,
            Rows: new ReportRows(p.Rows, p.TrainRows, p.HoldoutRows, f.Sampled, f.Invalid, f.CopiesOfReal, f.Kept, augmented.RowCount),
            Model: new ReportModel(input.Train.Model, p.Spec.Seed, input.Train.Seconds),
            Stages: input.Stages,
            Quality: f.Quality,
            Audit: f.Audit,
            InvalidExamples: f.InvalidExamples,
            Columns: p.Columns);
        await BlobTables.WriteJsonAsync(blobs, WorkArea.OutputContainer, outputs[2], report, ReportJsonContext.Default.RunReport, cancellationToken);

        return new AugmentResult(input.RunId, input.Request.Dataset, p.Rows, p.TrainRows, p.HoldoutRows, f.Kept, WorkArea.OutputContainer, outputs);
    }
}
