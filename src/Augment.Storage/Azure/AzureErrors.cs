using System.Net;
using Azure;

namespace Augment.Storage;

/// <summary>
/// Turns the SDK's <see cref="RequestFailedException"/> into the <see cref="StorageException"/>s of the contract,
/// with the one-line message the REST client used: <c>{operation} failed: {status} {reason} ({code}): {detail}</c>.
/// Only failures with an HTTP status are mapped; transport failures (status 0) propagate unchanged, as before.
/// </summary>
internal static class AzureErrors
{
    /// <summary>True when the service answered (a status code), false for transport failures.</summary>
    public static bool HasStatus(RequestFailedException ex) => ex.Status != 0;

    /// <summary>409/412 become <see cref="StorageConflictException"/>, every other status a plain <see cref="StorageException"/>.</summary>
    public static StorageException Failure(RequestFailedException ex, string operation) =>
        StorageErrors.Create((HttpStatusCode)ex.Status, ex.ErrorCode, Message(ex, operation));

    /// <summary>A conflict for a status the operation treats as a lost race (a 404 pop receipt, an If-Match on a missing blob).</summary>
    public static StorageConflictException Conflict(RequestFailedException ex, string operation) =>
        new((HttpStatusCode)ex.Status, ex.ErrorCode, Message(ex, operation));

    /// <summary>An ETag condition on a blob that does not exist is a failed condition (as in HTTP), not a 404.</summary>
    public static StorageException NotFoundUnderCondition(RequestFailedException ex, bool conditional, string operation) =>
        conditional && ex.Status == 404 && ex.ErrorCode == "BlobNotFound" ? Conflict(ex, operation) : Failure(ex, operation);

    private static string Message(RequestFailedException ex, string operation)
    {
        // The SDK's message is the service's message, then request id, status, headers and body on further lines.
        var detail = ex.Message.Split('\n', 2)[0].Trim();
        return $"{operation} failed: {ex.Status} {(HttpStatusCode)ex.Status}"
            + (ex.ErrorCode is null ? "" : $" ({ex.ErrorCode})")
            + (detail.Length == 0 ? "." : $": {detail}");
    }
}
