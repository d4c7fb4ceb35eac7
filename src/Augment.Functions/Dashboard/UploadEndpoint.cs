using Augment.Functions.Invocation;
using Augment.Functions.Management;
using Augment.Pipeline;
using Augment.Storage;

namespace Augment.Functions.Dashboard;

/// <summary>
/// <c>POST /api/augmentations/upload?name={dataset}/{file}.csv</c> (or <c>{dataset}/augment.json</c>): stores the
/// request body in the <c>datasets</c> container, so a client with only HTTP access (the CLI's <c>submit</c>) can
/// put a dataset where runs start from. 201 <c>{"container","blobName"}</c>; 400 for a bad name or an empty body.
/// </summary>
internal static class UploadEndpoint
{
    /// <summary>Largest accepted body (the Functions host's own request limit is 100 MB).</summary>
    public const long MaxBytes = 100L * 1024 * 1024;

    /// <summary>Maps the upload route.</summary>
    public static IEndpointRouteBuilder MapDatasetUpload(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(ManagementUrls.Collection + "/upload", UploadAsync).WithName("UploadDataset").WithTags("augmentations");
        return endpoints;
    }

    /// <summary>Whether a blob name may be uploaded: a dataset CSV or a dataset's spec, no path tricks.</summary>
    public static bool IsUploadable(string? name) =>
        name is { Length: > 0 and <= 1024 }
        && !name.Contains("..", StringComparison.Ordinal) && !name.Contains('\\', StringComparison.Ordinal) && !name.StartsWith('/')
        && (RunStarter.IsDatasetBlob(name) || (name.EndsWith("/" + WorkArea.SpecFileName, StringComparison.Ordinal) && name.Length > WorkArea.SpecFileName.Length + 1));

    private static async Task<IResult> UploadAsync(string? name, HttpRequest request, IBlobStore blobs, CancellationToken cancellationToken)
    {
        if (!IsUploadable(name))
        {
            return ManagementApi.Error(StatusCodes.Status400BadRequest, $"name '{name}' must be {{dataset}}/{{file}}.csv or {{dataset}}/{WorkArea.SpecFileName}.");
        }

        if (request.ContentLength is 0 or > MaxBytes)
        {
            return ManagementApi.Error(StatusCodes.Status400BadRequest, $"The body must hold the file (1 byte to {MaxBytes / (1024 * 1024)} MB).");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            return ManagementApi.Error(StatusCodes.Status400BadRequest, "The body is empty; send the file's bytes.");
        }

        buffer.Position = 0;
        await blobs.CreateContainerIfNotExistsAsync(WorkArea.DatasetsContainer, cancellationToken);
        await blobs.UploadAsync(WorkArea.DatasetsContainer, name!, buffer, null, cancellationToken);
        var body = new Dictionary<string, string> { ["container"] = WorkArea.DatasetsContainer, ["blobName"] = name! };
        return Results.Json(body, InvocationJsonContext.Default.DictionaryStringString, statusCode: StatusCodes.Status201Created);
    }
}
