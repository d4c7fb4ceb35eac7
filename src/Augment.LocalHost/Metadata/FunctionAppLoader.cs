using System.Text.Json;
using System.Text.Json.Nodes;

namespace Augment.LocalHost.Metadata;

/// <summary>A function app folder: <c>host.json</c> and one <c>{Name}/function.json</c> per function.</summary>
/// <param name="RootPath">The app root (the folder holding host.json).</param>
/// <param name="Host">The parsed host.json.</param>
/// <param name="Functions">Every function, sorted by name.</param>
public sealed record FunctionApp(string RootPath, HostJson Host, IReadOnlyList<FunctionMetadata> Functions);

/// <summary>Reads a function app folder the way the Functions host does.</summary>
public static class FunctionAppLoader
{
    /// <summary>
    /// Reads <c>host.json</c> and every <c>*/function.json</c> under <paramref name="rootPath"/>; resolves
    /// <c>%Setting%</c> in binding properties from <paramref name="settings"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is missing or malformed; the message names it and says why.</exception>
    public static FunctionApp Load(string rootPath, AppSettings settings)
    {
        var root = Path.GetFullPath(rootPath);
        var hostPath = Path.Combine(root, "host.json");
        if (!File.Exists(hostPath))
        {
            throw new InvalidDataException($"{hostPath} not found: the function app folder must contain host.json.");
        }

        var host = HostJson.Parse(File.ReadAllText(hostPath), hostPath);
        var functions = new List<FunctionMetadata>();
        foreach (var dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, "function.json");
            if (File.Exists(file))
            {
                functions.Add(ParseFunction(Path.GetFileName(dir), File.ReadAllText(file), settings, file));
            }
        }

        return new FunctionApp(root, host, functions);
    }

    /// <summary>Parses one function.json.</summary>
    /// <exception cref="InvalidDataException">The JSON is malformed, a binding lacks name/type/direction, or there is not exactly one trigger.</exception>
    public static FunctionMetadata ParseFunction(string name, string json, AppSettings settings, string source = "function.json")
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

        if (HostJson.Get(root, "bindings") is not JsonArray array)
        {
            throw new InvalidDataException($"{source}: 'bindings' must be an array.");
        }

        var bindings = new List<BindingMetadata>();
        foreach (var node in array)
        {
            if (node is not JsonObject binding)
            {
                throw new InvalidDataException($"{source}: every binding must be an object.");
            }

            var resolved = Resolve(binding, settings, source);
            var bindingName = HostJson.Str(resolved, "name");
            var type = HostJson.Str(resolved, "type");
            var direction = HostJson.Str(resolved, "direction");
            if (string.IsNullOrEmpty(bindingName) || string.IsNullOrEmpty(type) || string.IsNullOrEmpty(direction))
            {
                throw new InvalidDataException($"{source}: every binding needs 'name', 'type' and 'direction'.");
            }

            var dir = direction.ToLowerInvariant() switch
            {
                "in" => BindingDirection.In,
                "out" => BindingDirection.Out,
                "inout" => BindingDirection.InOut,
                _ => throw new InvalidDataException($"{source}: binding '{bindingName}' has direction '{direction}' (expected in, out or inout)."),
            };
            bindings.Add(new BindingMetadata(bindingName, type, dir, resolved));
        }

        var triggers = bindings.Count(b => b.IsTrigger);
        if (triggers != 1)
        {
            throw new InvalidDataException($"{source}: a function needs exactly one trigger binding, found {triggers}.");
        }

        var disabled = HostJson.Bool(root, "disabled") ?? false;
        if (settings[$"AzureWebJobs.{name}.Disabled"] is { } flag && bool.TryParse(flag, out var off))
        {
            disabled = off;
        }

        return new FunctionMetadata(name, bindings, disabled);
    }

    private static JsonObject Resolve(JsonObject binding, AppSettings settings, string source)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in binding)
        {
            JsonNode? resolved = value?.DeepClone();
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                try
                {
                    resolved = JsonValue.Create(settings.Resolve(text));
                }
                catch (InvalidOperationException ex)
                {
                    throw new InvalidDataException($"{source}: binding property '{key}': {ex.Message}.", ex);
                }
            }

            copy[key] = resolved;
        }

        return copy;
    }
}
