using System.Net;

namespace Augment.Storage;

/// <summary>Builds the exceptions both backends throw, so that in-memory and Azure SDK failures look alike.</summary>
internal static class StorageErrors
{
    public static StorageException Create(HttpStatusCode status, string? errorCode, string message) =>
        status is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed
            ? new StorageConflictException(status, errorCode, message)
            : new StorageException(status, errorCode, message);

    public static StorageConflictException BlobAlreadyExists(string container, string name) =>
        new(HttpStatusCode.Conflict, "BlobAlreadyExists", $"Blob '{container}/{name}' already exists.");

    public static StorageConflictException ConditionNotMet(string what) =>
        new(HttpStatusCode.PreconditionFailed, "ConditionNotMet", $"The condition on '{what}' was not met.");

    public static StorageException ContainerNotFound(string container) =>
        new(HttpStatusCode.NotFound, "ContainerNotFound", $"Container '{container}' does not exist.");

    public static StorageException BlobNotFound(string container, string name) =>
        new(HttpStatusCode.NotFound, "BlobNotFound", $"Blob '{container}/{name}' does not exist.");

    public static StorageException QueueNotFound(string queue) =>
        new(HttpStatusCode.NotFound, "QueueNotFound", $"Queue '{queue}' does not exist.");
}
