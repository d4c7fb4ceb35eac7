using Augment.Durable;
using Augment.Functions.Management;
using Augment.Pipeline;
using Augment.Storage;

namespace Augment.Functions.Dashboard;

/// <summary>
/// The dashboard under <c>/api/dashboard</c>: the page and its script/style (embedded in the assembly, no network),
/// and <c>/api/dashboard/runs/{id}/files/{file}</c>, which streams a run's outputs (augmented.csv, synthetic.csv,
/// report.json, report.html) and its model (model.json) so the page can show and link them.
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>The dashboard route, with the <c>api</c> prefix.</summary>
    public const string Route = "/api/dashboard";

    /// <summary>The files a run offers for download, with their content types.</summary>
    public static IReadOnlyDictionary<string, string> RunFiles { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["augmented.csv"] = "text/csv",
        ["synthetic.csv"] = "text/csv",
        ["report.json"] = "application/json",
        ["report.html"] = "text/html",
        ["model.json"] = "application/json",
    };

    /// <summary>Maps the dashboard page, its assets and the run-file route.</summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, () => Results.Content(Page.Value, "text/html; charset=utf-8")).ExcludeFromDescription();
        endpoints.MapGet(Route + "/app.js", () => Asset("app.js", "text/javascript; charset=utf-8")).ExcludeFromDescription();
        endpoints.MapGet(Route + "/app.css", () => Asset("app.css", "text/css; charset=utf-8")).ExcludeFromDescription();
        endpoints.MapGet(Route + "/runs/{instanceId}/files/{file}", RunFileAsync).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// The page with its style and script inlined, so one request (one function key check) loads it all; the key
    /// in the page's <c>code</c> query parameter is then carried by the script into every API call.
    /// </summary>
    private static readonly Lazy<string> Page = new(() => Read("index.html")
        .Replace("<link rel=\"stylesheet\" href=\"app.css\">", "<style>\n" + Read("app.css") + "</style>", StringComparison.Ordinal)
        .Replace("<script src=\"app.js\"></script>", "<script>\n" + Read("app.js") + "</script>", StringComparison.Ordinal));

    private static IResult Asset(string name, string contentType) => Results.Content(Read(name), contentType);

    private static string Read(string name)
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("Augment.Functions.Dashboard." + name)
            ?? throw new InvalidOperationException($"Embedded dashboard asset {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<IResult> RunFileAsync(string instanceId, string file, HttpContext http, DurableTaskClient client, IBlobStore blobs, CancellationToken cancellationToken)
    {
        if (!RunFiles.TryGetValue(file, out var contentType))
        {
            return ManagementApi.Error(StatusCodes.Status404NotFound, $"'{file}' is not a run file; one of {string.Join(", ", RunFiles.Keys)}.");
        }

        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (metadata?.ReadInputAs<AugmentRequest>() is not { } request)
        {
            return ManagementApi.Error(StatusCodes.Status404NotFound, $"No instance '{instanceId}'.");
        }

        var (container, name) = file == "model.json"
            ? (WorkArea.WorkContainer, WorkArea.Model(instanceId))
            : (WorkArea.OutputContainer, WorkArea.OutputPrefix(request.Dataset, instanceId) + file);
        var download = await blobs.OpenReadAsync(container, name, null, cancellationToken);
        if (download is null)
        {
            return ManagementApi.Error(StatusCodes.Status404NotFound, $"Run '{instanceId}' has no {file} (yet).");
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
