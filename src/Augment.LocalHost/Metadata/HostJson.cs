using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Augment.LocalHost.Metadata;

/// <summary>The parts of <c>host.json</c> the local host honours (CONTRACTS.md §1.1); each default is the Functions host's.</summary>
public sealed record HostJson
{
    /// <summary><c>customHandler.description</c> (or the legacy <c>httpWorker</c>; <c>customHandler</c> wins).</summary>
    public CustomHandlerDescription? Handler { get; init; }

    /// <summary><c>customHandler.enableForwardingHttpRequest</c>. Default false.</summary>
    public bool EnableForwardingHttpRequest { get; init; }

    /// <summary>How long the handler may take to answer its readiness probe. Default 30 s.</summary>
    public TimeSpan InitializationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>extensions.http.routePrefix</c>. Default <c>api</c>.</summary>
    public string RoutePrefix { get; init; } = "api";

    /// <summary><c>functionTimeout</c>; the HTTP call to the handler waits this plus one minute. Default none.</summary>
    public TimeSpan? FunctionTimeout { get; init; }

    /// <summary><c>extensions.queues.maxDequeueCount</c>. Default 5.</summary>
    public int QueueMaxDequeueCount { get; init; } = 5;

    /// <summary><c>extensions.queues.maxPollingInterval</c>: the longest wait between polls of an empty queue. Default 1 minute.</summary>
    public TimeSpan QueueMaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary><c>extensions.queues.visibilityTimeout</c>: delay before a failed message is retried. Default 0 (the local host then backs off 1, 2, 4 … s).</summary>
    public TimeSpan QueueVisibilityTimeout { get; init; }

    /// <summary><c>extensions.queues.batchSize</c>: messages fetched and run in parallel per poll. Default 16.</summary>
    public int QueueBatchSize { get; init; } = 16;

    /// <summary><c>extensions.blobs.poisonBlobThreshold</c>. Default 5.</summary>
    public int BlobPoisonThreshold { get; init; } = 5;

    /// <summary>Parses host.json text.</summary>
    /// <exception cref="InvalidDataException">The JSON is invalid or a value has the wrong shape.</exception>
    public static HostJson Parse(string json, string source = "host.json")
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new InvalidDataException($"{source}: the root must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source} is not valid JSON: {ex.Message}", ex);
        }

        var handler = Get(root, "customHandler") as JsonObject ?? Get(root, "httpWorker") as JsonObject;
        var description = handler is null ? null : Get(handler, "description") as JsonObject;
        var queues = Get(Get(root, "extensions"), "queues");
        var blobs = Get(Get(root, "extensions"), "blobs");
        var defaults = new HostJson();
        return new HostJson
        {
            Handler = description is null ? null : new CustomHandlerDescription(
                Str(description, "defaultExecutablePath") ?? throw new InvalidDataException($"{source}: customHandler.description.defaultExecutablePath is required."),
                (Get(description, "arguments") as JsonArray)?.Select(a => a?.GetValue<string>() ?? string.Empty).ToList() ?? [],
                Str(description, "workingDirectory"),
                Str(description, "defaultWorkerPath")),
            EnableForwardingHttpRequest = Bool(handler, "enableForwardingHttpRequest") ?? false,
            InitializationTimeout = Span(handler, "initializationTimeout", source) ?? defaults.InitializationTimeout,
            RoutePrefix = Str(Get(Get(root, "extensions"), "http"), "routePrefix")?.Trim('/') ?? defaults.RoutePrefix,
            FunctionTimeout = Span(root, "functionTimeout", source),
            QueueMaxDequeueCount = Int(queues, "maxDequeueCount") ?? defaults.QueueMaxDequeueCount,
            QueueMaxPollingInterval = Span(queues, "maxPollingInterval", source) ?? defaults.QueueMaxPollingInterval,
            QueueVisibilityTimeout = Span(queues, "visibilityTimeout", source) ?? defaults.QueueVisibilityTimeout,
            QueueBatchSize = Math.Clamp(Int(queues, "batchSize") ?? defaults.QueueBatchSize, 1, 32),
            BlobPoisonThreshold = Math.Max(1, Int(blobs, "poisonBlobThreshold") ?? defaults.BlobPoisonThreshold),
        };
    }

    internal static JsonNode? Get(JsonNode? node, string name) =>
        node is JsonObject o ? o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value : null;

    internal static string? Str(JsonNode? node, string name) => Get(node, name) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    internal static bool? Bool(JsonNode? node, string name) => Get(node, name) switch
    {
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) && bool.TryParse(s, out var b) => b,
        _ => null,
    };

    internal static int? Int(JsonNode? node, string name) => Get(node, name) switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    private static TimeSpan? Span(JsonNode? node, string name, string source)
    {
        var text = Str(node, name);
        if (text is null)
        {
            return null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span)
            ? span
            : throw new InvalidDataException($"{source}: {name} '{text}' is not a time span (hh:mm:ss).");
    }
}

/// <summary><c>customHandler.description</c>: how to start the handler.</summary>
/// <param name="DefaultExecutablePath">The program: a file under the app root, or a command on PATH.</param>
/// <param name="Arguments">Its arguments (may contain <c>%Setting%</c>).</param>
/// <param name="WorkingDirectory">Its working folder, relative to the app root (default: the app root).</param>
/// <param name="DefaultWorkerPath">A script the program runs, passed after the arguments when set.</param>
public sealed record CustomHandlerDescription(string DefaultExecutablePath, IReadOnlyList<string> Arguments, string? WorkingDirectory, string? DefaultWorkerPath);
