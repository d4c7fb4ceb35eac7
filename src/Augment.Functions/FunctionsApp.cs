using System.Globalization;
using System.Net;
using Augment.Functions.Dashboard;
using Augment.Functions.Hosting;
using Augment.Functions.Invocation;
using Augment.Functions.Management;
using Augment.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Augment.Functions;

/// <summary>
/// Builds the custom handler: a minimal-API app on <c>127.0.0.1:$FUNCTIONS_CUSTOMHANDLER_PORT</c> that answers the
/// host's readiness probe (<c>GET /</c>), serves every non-HTTP function at <c>POST /{FunctionName}</c> and the
/// forwarded HTTP functions at their <c>/api/…</c> routes.
/// </summary>
public static class FunctionsApp
{
    /// <summary>The environment variable the Functions host sets to the port it expects the handler on.</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>Creates the app from command-line arguments, environment and app settings.</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid (one line).</exception>
    public static WebApplication Create(string[] args) => Create(args, new FunctionsAppOverrides());

    internal static WebApplication Create(string[] args, FunctionsAppOverrides overrides)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        overrides.Configure?.Invoke(builder.Configuration);
        var options = ReadOptions(builder.Configuration);
        var port = overrides.Port ?? ReadPort(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddAugmentFunctions(options, overrides.Blobs, overrides.Queues, overrides.Time ?? TimeProvider.System);

        var app = builder.Build();
        app.MapGet("/", () => Results.Json(new Dictionary<string, string> { ["status"] = "ready" }, InvocationJsonContext.Default.DictionaryStringString))
            .ExcludeFromDescription();
        app.MapGet("/api/health", () => Results.Json(new Dictionary<string, string> { ["status"] = "healthy" }, InvocationJsonContext.Default.DictionaryStringString))
            .ExcludeFromDescription();
        app.MapGet("/api/openapi.json", () => Results.Stream(OpenApiDocument.Open(), "application/json")).ExcludeFromDescription();
        app.MapFunctionInvocations(app.Services.GetServices<IFunction>());
        app.MapDatasetUpload();
        app.MapAugmentationsApi();
        app.MapDashboard();
        return app;
    }

    /// <summary>The first address the started app listens on (for tests that bind port 0).</summary>
    internal static Uri BoundAddress(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    internal static FunctionsOptions ReadOptions(IConfiguration configuration)
    {
        var options = new FunctionsOptions { StorageConnectionString = configuration["AzureWebJobsStorage"] };
        var section = configuration.GetSection("Augment");
        if (section["TaskHub"] is { Length: > 0 } hub)
        {
            options.TaskHub = hub;
        }

        if (section["PartitionCount"] is { Length: > 0 } partitions)
        {
            options.PartitionCount = int.TryParse(partitions, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                ? count
                : throw new ArgumentException($"Augment:PartitionCount '{partitions}' is not a whole number.");
        }

        if (section["PublicBaseUrl"] is { Length: > 0 } url)
        {
            options.PublicBaseUrl = Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : throw new ArgumentException($"Augment:PublicBaseUrl '{url}' is not an absolute URL.");
        }

        if (section["RunWorker"] is { Length: > 0 } runWorker)
        {
            options.RunWorker = bool.TryParse(runWorker, out var run) ? run : throw new ArgumentException($"Augment:RunWorker '{runWorker}' must be true or false.");
        }

        options.Setting = name => configuration[name.Replace("__", ":", StringComparison.Ordinal)] is { Length: > 0 } value ? value : null;
        options.TrainerPath = section["Training:TrainerPath"] is { Length: > 0 } trainer ? trainer : null;
        return options.Validate();
    }

    private static int ReadPort(IConfiguration configuration)
    {
        var text = configuration[PortVariable] ?? configuration["FUNCTIONS_HTTPWORKER_PORT"]
            ?? throw new ArgumentException($"{PortVariable} is not set; the Functions host (or augment host) sets it to the port the handler must listen on.");
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new ArgumentException($"{PortVariable} '{text}' is not a TCP port (1–65535).");
    }
}

/// <summary>What tests replace: the port (0 = any free one), the stores, the clock, extra configuration.</summary>
internal sealed record FunctionsAppOverrides(
    int? Port = null,
    IBlobStore? Blobs = null,
    IQueueStore? Queues = null,
    TimeProvider? Time = null,
    Action<IConfigurationBuilder>? Configure = null);

/// <summary>The hand-written OpenAPI 3.0 document of the management API, embedded in the assembly.</summary>
internal static class OpenApiDocument
{
    public const string ResourceName = "Augment.Functions.openapi.json";

    public static Stream Open() => typeof(OpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the build.");
}
