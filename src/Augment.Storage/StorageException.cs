using System.Net;

namespace Augment.Storage;

/// <summary>A storage request failed with a status the caller did not expect.</summary>
public class StorageException : Exception
{
    public StorageException(HttpStatusCode status, string? errorCode, string message, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public StorageException() : this(0, null, "Storage request failed.") { }

    public StorageException(string message) : this(0, null, message) { }

    public StorageException(string message, Exception inner) : this(0, null, message, inner) { }

    /// <summary>The HTTP status code.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The service's <c>x-ms-error-code</c>, when it sent one.</summary>
    public string? ErrorCode { get; }
}

/// <summary>
/// A concurrency guard failed: 409 Conflict or 412 Precondition Failed (an ETag, <c>If-None-Match: *</c>,
/// a lease or a pop receipt). Callers treat both the same way: someone else got there first.
/// </summary>
public sealed class StorageConflictException : StorageException
{
    public StorageConflictException(HttpStatusCode status, string? errorCode, string message)
        : base(status, errorCode, message) { }

    public StorageConflictException() : base(HttpStatusCode.Conflict, null, "Storage condition failed.") { }

    public StorageConflictException(string message) : base(HttpStatusCode.Conflict, null, message) { }

    public StorageConflictException(string message, Exception inner) : base(HttpStatusCode.Conflict, null, message, inner) { }
}
