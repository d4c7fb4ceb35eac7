using Azure.Core;

namespace Augment.Storage;

/// <summary>Creates the blob and queue clients for one storage account.</summary>
public static class StorageClients
{
    /// <summary>Parses <paramref name="connectionString"/> and creates Shared Key clients for its endpoints.</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public static (IBlobStore Blobs, IQueueStore Queues) FromConnectionString(string connectionString, StorageClientOptions? options = null)
    {
        var parsed = StorageConnectionString.Parse(connectionString);
        return (new BlobRestClient(parsed, options), new QueueRestClient(parsed, options));
    }

    /// <summary>Creates clients that authorize with <paramref name="credential"/> (managed identity) against the given endpoints.</summary>
    public static (IBlobStore Blobs, IQueueStore Queues) FromCredential(Uri blobEndpoint, Uri queueEndpoint, TokenCredential credential, StorageClientOptions? options = null) =>
        (new BlobRestClient(blobEndpoint, credential, options), new QueueRestClient(queueEndpoint, credential, options));

    /// <summary>Creates in-memory stores sharing <paramref name="timeProvider"/>.</summary>
    public static (IBlobStore Blobs, IQueueStore Queues) InMemory(TimeProvider? timeProvider = null) =>
        (new InMemoryBlobStore(timeProvider), new InMemoryQueueStore(timeProvider));
}
