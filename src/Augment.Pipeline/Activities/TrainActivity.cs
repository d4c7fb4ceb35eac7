using System.Diagnostics;
using Augment.Data;
using Augment.Storage;
using Augment.Synthesis;

namespace Augment.Pipeline.Activities;

/// <summary>Fits the generator on the training rows and saves it as <c>work/{runId}/model.json</c>.</summary>
internal sealed class TrainActivity(IBlobStore blobs)
{
    public async Task<TrainResult> RunAsync(TrainInput input, CancellationToken cancellationToken)
    {
        var train = await BlobTables.ReadAsync(blobs, WorkArea.WorkContainer, WorkArea.Train(input.RunId), null, cancellationToken);
        var schema = await BlobTables.ReadJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Schema(input.RunId), DataJsonContext.Default.DatasetSchema, cancellationToken);

        var clock = Stopwatch.StartNew();
        var model = input.Model switch
        {
            Spec.SpecResolver.DefaultModel => GaussianCopulaGenerator.Fit(train, schema, new GaussianCopulaOptions { Seed = input.Seed }),
            _ => throw new NotSupportedException($"model '{input.Model}' is not available in this build"),
        };
        var seconds = clock.Elapsed.TotalSeconds;

        await using var file = BlobTables.TempFile();
        model.Save(file);
        file.Position = 0;
        await blobs.UploadAsync(WorkArea.WorkContainer, WorkArea.Model(input.RunId), file, new BlobWriteOptions { ContentType = "application/json" }, cancellationToken);
        return new TrainResult(model.ModelKind, $"{WorkArea.WorkContainer}/{WorkArea.Model(input.RunId)}", seconds);
    }
}
