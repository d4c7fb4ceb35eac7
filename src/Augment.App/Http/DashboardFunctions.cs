using Augment.Pipeline;
using Augment.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Augment.App.Http;

/// <summary>
/// The dashboard (<c>/api/dashboard</c>: one page with its script and style inlined, embedded in the assembly, no CDN)
/// and its run-file downloads (<c>/api/dashboard/runs/{id}/files/{file}</c>); the dataset upload
/// (<c>POST /api/augmentations/upload?name=</c>); the anonymous health and OpenAPI routes.
/// </summary>
public sealed class DashboardFunctions(IBlobStore blobs)
{
    /// <summary>Largest upload accepted.</summary>
    public const long MaxUploadBytes = 100L * 1024 * 1024;

    /// <summary>The files of a run the dashboard links to, with their content types.</summary>
    public static IReadOnlyDictionary<string, string> RunFiles { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["augmented.csv"] = "text/csv",
        ["augmented.zip"] = "application/zip",
        ["synthetic.csv"] = "text/csv",
        ["report.json"] = "application/json",
        ["report.html"] = "text/html",
        ["model.json"] = "application/json",
    };

    private static readonly Lazy<string> Page = new(() => Read("index.html")
        .Replace("<link rel=\"stylesheet\" href=\"app.css\">", "<style>\n" + Read("app.css") + "</style>", StringComparison.Ordinal)
        .Replace("<script src=\"app.js\"></script>", "<script>\n" + Read("app.js") + "</script>", StringComparison.Ordinal));

    /// <summary>The page, its assets and run files.</summary>
    [Function("Dashboard")]
    public async Task<IResult> Dashboard(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dashboard/{*path}")] HttpRequest req,
        string? path,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        var parts = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            [] => Results.Content(Page.Value, "text/html; charset=utf-8"),
            ["app.js"] => Results.Content(Read("app.js"), "text/javascript; charset=utf-8"),
            ["app.css"] => Results.Content(Read("app.css"), "text/css; charset=utf-8"),
            ["runs", var id, "files", var file] => await RunFileAsync(id, file, req.HttpContext, client, cancellationToken),
            _ => ManagementFunctions.Error(StatusCodes.Status404NotFound, $"No dashboard page '{path}'."),
        };
    }

    /// <summary>Uploads a dataset CSV, an image archive (<c>{dataset}/images.zip</c>) or its augment.json to
    /// <c>datasets/{name}</c>; the blob trigger starts the run. The dashboard's upload form posts here.</summary>
    [Function("AugmentationUpload")]
    public async Task<IResult> Upload(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "augmentations/upload")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        var name = req.Query["name"].FirstOrDefault();
        var isSpec = name is { Length: > 0 } n && n.EndsWith("/" + WorkArea.SpecFileName, StringComparison.Ordinal) && n.Length > WorkArea.SpecFileName.Length + 1
            && RunStarter.Rejects(n[..^WorkArea.SpecFileName.Length] + "x.csv") is null;
        if (!isSpec && RunStarter.Rejects(name) is { } why)
        {
            return ManagementFunctions.Error(StatusCodes.Status400BadRequest, $"name '{name}' must be {{dataset}}/{{file}}.csv, {{dataset}}/images.zip or {{dataset}}/{WorkArea.SpecFileName}: {why}.");
        }

        if (req.ContentLength is 0 or > MaxUploadBytes)
        {
            return ManagementFunctions.Error(StatusCodes.Status400BadRequest, $"The body must hold the file (1 byte to {MaxUploadBytes / (1024 * 1024)} MB).");
        }

        using var buffer = new MemoryStream();
        await req.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length is 0 or > MaxUploadBytes)
        {
            return ManagementFunctions.Error(StatusCodes.Status400BadRequest, $"The body must hold the file (1 byte to {MaxUploadBytes / (1024 * 1024)} MB).");
        }

        buffer.Position = 0;
        await blobs.CreateContainerIfNotExistsAsync(WorkArea.DatasetsContainer, cancellationToken);
        await blobs.UploadAsync(WorkArea.DatasetsContainer, name!, buffer, null, cancellationToken);
        var body = new Dictionary<string, string> { ["container"] = WorkArea.DatasetsContainer, ["blobName"] = name! };
        return Results.Json(body, HttpJsonContext.Default.DictionaryStringString, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Liveness: anonymous.</summary>
    [Function("Health")]
    public static IResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req) =>
        Results.Json(new Dictionary<string, string> { ["status"] = "healthy" }, HttpJsonContext.Default.DictionaryStringString);

    /// <summary>The hand-written OpenAPI 3.0 document of the management API: anonymous.</summary>
    [Function("OpenApi")]
    public static IResult OpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest req) =>
        Results.Stream(typeof(DashboardFunctions).Assembly.GetManifestResourceStream("Augment.App.openapi.json")
            ?? throw new InvalidOperationException("Embedded resource Augment.App.openapi.json is missing from the build."), "application/json");

    private static string Read(string name)
    {
        using var stream = typeof(DashboardFunctions).Assembly.GetManifestResourceStream("Augment.App.Dashboard." + name)
            ?? throw new InvalidOperationException($"Embedded dashboard asset {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private async Task<IResult> RunFileAsync(string instanceId, string file, HttpContext http, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!RunFiles.TryGetValue(file, out var contentType))
        {
            return ManagementFunctions.Error(StatusCodes.Status404NotFound, $"'{file}' is not a run file; one of {string.Join(", ", RunFiles.Keys)}.");
        }

        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (metadata?.ReadInputAs<AugmentRequest>() is not { } request)
        {
            return ManagementFunctions.Error(StatusCodes.Status404NotFound, $"No instance '{instanceId}'.");
        }

        var (container, name) = file == "model.json"
            ? (WorkArea.WorkContainer, WorkArea.Model(instanceId))
            : (WorkArea.OutputContainer, WorkArea.OutputPrefix(request.Dataset, instanceId) + file);
        var download = await blobs.OpenReadAsync(container, name, null, cancellationToken);
        if (download is null)
        {
            return ManagementFunctions.Error(StatusCodes.Status404NotFound, $"Run '{instanceId}' has no {file} (yet).");
        }

        http.Response.RegisterForDisposeAsync(download);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (file == "report.html")
        {
            // The report is static HTML; it may render in the dashboard's iframe but never run a script.
            http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
            return Results.Stream(download.Content, contentType);
        }

        return Results.Stream(download.Content, contentType, fileDownloadName: $"{instanceId}-{file}");
    }
}
