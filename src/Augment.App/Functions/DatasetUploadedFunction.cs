using Augment.App.Hosting;
using Augment.Pipeline;
using Augment.Storage;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Augment.App.Functions;

/// <summary>
/// <c>DatasetUploaded</c>: blob trigger on <c>datasets/{name}</c>. Starts an AugmentDataset run for a
/// <c>{dataset}/*.csv</c> upload unless one exists for the same content (the run id hashes CSV and augment.json).
/// Other blobs (augment.json, nested folders, unsafe names) are logged and ignored: retrying cannot help them.
/// </summary>
public sealed partial class DatasetUploadedFunction(IBlobStore blobs, ILogger<DatasetUploadedFunction> logger, AppOptions? options = null)
{
    /// <summary>The function's name.</summary>
    public const string Name = "DatasetUploaded";

    /// <summary>The trigger's path pattern inside the storage account.</summary>
    public const string Path = WorkArea.DatasetsContainer + "/{name}";

    /// <summary>Runs once per new or changed blob under <c>datasets/</c>.</summary>
    [Function(Name)]
    public async Task Run(
#if EVENTGRID_BLOB_TRIGGER
        [BlobTrigger(Path, Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
#else
        [BlobTrigger(Path, Connection = "AzureWebJobsStorage")] BlobClient blob,
#endif
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (RunStarter.Rejects(name) is { } why)
        {
            LogIgnored(name, why);
            if (!RunStarter.IsSpec(name))
            {
                // Not a silent drop: a failed run with the reason is what users see in the API, dashboard and CLI.
                var etag = (await blobs.GetPropertiesAsync(WorkArea.DatasetsContainer, name, cancellationToken))?.ETag.Value;
                var record = await new RunStarter(blobs, client).RecordRejectedAsync(WorkArea.DatasetsContainer, name, etag, why, "upload", cancellationToken);
                LogRejected(record.InstanceId, name);
            }

            return;
        }

        try
        {
            var result = await new RunStarter(blobs, client, options?.StorageRetryWindowSeconds).StartForBlobAsync(WorkArea.DatasetsContainer, name, "upload", cancellationToken);
            if (result.Started)
            {
                LogStarted(result.InstanceId, name);
            }
            else
            {
                LogExists(result.InstanceId, name);
            }
        }
        catch (FileNotFoundException)
        {
            // Deleted since the trigger fired: nothing to augment, and retrying cannot help.
            LogIgnored(name, "it no longer exists");
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Started run {InstanceId} for datasets/{BlobName}")]
    private partial void LogStarted(string instanceId, string blobName);

    [LoggerMessage(2, LogLevel.Information, "Run {InstanceId} already exists for this content of datasets/{BlobName}; nothing started")]
    private partial void LogExists(string instanceId, string blobName);

    [LoggerMessage(3, LogLevel.Warning, "datasets/{BlobName} starts no run: {Reason}")]
    private partial void LogIgnored(string blobName, string reason);

    [LoggerMessage(4, LogLevel.Information, "Recorded the rejected upload datasets/{BlobName} as failed run {InstanceId}")]
    private partial void LogRejected(string instanceId, string blobName);
}
