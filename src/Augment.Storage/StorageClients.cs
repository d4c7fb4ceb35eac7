using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Augment.Storage;

/// <summary>Creates the blob and queue stores for one storage account.</summary>
public static class StorageClients
{
    /// <summary>
    /// Creates Azure SDK-backed stores for the account in <paramref name="connectionString"/>, which the SDK parses:
    /// <c>UseDevelopmentStorage=true</c> (Azurite on its default ports), an explicit Azurite or Azure connection
    /// string with <c>AccountName</c>/<c>AccountKey</c> and optional <c>BlobEndpoint</c>/<c>QueueEndpoint</c>/<c>EndpointSuffix</c>,
    /// or a SAS connection string.
    /// </summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public static (IBlobStore Blobs, IQueueStore Queues) FromConnectionString(string connectionString, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        options ??= new StorageClientOptions();
        options.Validate();
        BlobServiceClient blobs;
        QueueServiceClient queues;
        try
        {
            blobs = new BlobServiceClient(connectionString, AzureClientOptions.Blob(options));
            queues = new QueueServiceClient(connectionString, AzureClientOptions.Queue(options));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // The SDK reports an empty string as ArgumentNullException and some bad settings as ArgumentException;
            // the contract (as with the REST client before) is FormatException for any malformed string.
            throw new FormatException($"The storage connection string is malformed: {ex.Message}", ex);
        }

        return (new AzureBlobStore(blobs, AzureClientOptions.Transfer(options)), new AzureQueueStore(queues));
    }

    /// <summary>
    /// Creates stores that authorize with <paramref name="credential"/> (Entra ID, e.g. managed identity; scope
    /// <c>https://storage.azure.com/.default</c>) against the given endpoints, which must be https.
    /// </summary>
    public static (IBlobStore Blobs, IQueueStore Queues) FromCredential(Uri blobEndpoint, Uri queueEndpoint, TokenCredential credential, StorageClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(blobEndpoint);
        ArgumentNullException.ThrowIfNull(queueEndpoint);
        ArgumentNullException.ThrowIfNull(credential);
        options ??= new StorageClientOptions();
        options.Validate();
        var blobs = new BlobServiceClient(blobEndpoint, credential, AzureClientOptions.Blob(options));
        var queues = new QueueServiceClient(queueEndpoint, credential, AzureClientOptions.Queue(options));
        return (new AzureBlobStore(blobs, AzureClientOptions.Transfer(options)), new AzureQueueStore(queues));
    }

    /// <summary>Creates in-memory stores sharing <paramref name="timeProvider"/>.</summary>
    public static (IBlobStore Blobs, IQueueStore Queues) InMemory(TimeProvider? timeProvider = null) =>
        (new InMemoryBlobStore(timeProvider), new InMemoryQueueStore(timeProvider));
}
