using System.Text.Json;

namespace Augment.Pipeline.Images;

/// <summary>
/// Reads the image options of <c>augment.json</c>: the top-level <c>seed</c> and an <c>images</c> object
/// (<c>size</c>, <c>channels</c>, <c>add</c> — a number per class or <c>"balance"</c> —, <c>generatorSteps</c>,
/// <c>classifierSteps</c>, <c>utilitySeeds</c>, <c>leastRealisticShare</c>, <c>generator</c> — <c>"vae"</c> or <c>"gan"</c>, <c>audit</c>),
/// and the top-level <c>audit</c> object's <c>policy</c> and <c>approvalTimeoutHours</c> (the audit gate, as for table runs).
/// Other table options in the same file are ignored by image runs. Every problem is one line naming the field.
/// </summary>
public static class ImageSpecReader
{
    /// <summary>Parses the spec text (null: every default).</summary>
    /// <param name="json">The augment.json text, or null when the dataset has none.</param>
    /// <exception cref="FormatException">The JSON is malformed or a field is out of range.</exception>
    public static ImageSpec Read(string? json)
    {
        var spec = new ImageSpec();
        if (string.IsNullOrWhiteSpace(json))
        {
            return spec;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"augment.json is not valid JSON (line {ex.LineNumber + 1}).");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("augment.json must be a JSON object.");
            }

            if (root.TryGetProperty("seed", out var seed))
            {
                spec = spec with { Seed = Int(seed, "seed", int.MinValue, int.MaxValue) };
            }

            if (root.TryGetProperty("audit", out var audit))
            {
                spec = Audit(spec, audit);
            }

            if (!root.TryGetProperty("images", out var images))
            {
                return spec;
            }

            if (images.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("augment.json images must be an object ({\"size\": 28, \"add\": \"balance\", …}).");
            }

            foreach (var p in images.EnumerateObject())
            {
                spec = p.Name switch
                {
                    "size" => spec with { Size = Size(p.Value) },
                    "channels" => spec with { Channels = Channels(p.Value) },
                    "add" => spec with { Add = p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() == "balance" ? null : Int(p.Value, "images.add", 1, 100_000) },
                    "generatorSteps" => spec with { GeneratorSteps = Int(p.Value, "images.generatorSteps", 10, 200_000) },
                    "classifierSteps" => spec with { ClassifierSteps = Int(p.Value, "images.classifierSteps", 10, 100_000) },
                    "utilitySeeds" => spec with { UtilitySeeds = Int(p.Value, "images.utilitySeeds", 1, 10) },
                    "leastRealisticShare" => spec with { LeastRealisticShare = Share(p.Value) },
                    "generator" => spec with { Generator = Generator(p.Value) },
                    "audit" => spec with { Audit = Names(p.Value) },
                    _ => throw new FormatException($"augment.json images.{p.Name} is not an image option (size, channels, add, generator, generatorSteps, classifierSteps, utilitySeeds, leastRealisticShare, audit)."),
                };
            }

            return spec;
        }
    }

    /// <summary>The top-level <c>audit</c> object's policy and approval timeout, as table runs read them (its table-only
    /// thresholds are ignored).</summary>
    private static ImageSpec Audit(ImageSpec spec, JsonElement audit)
    {
        if (audit.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("augment.json audit must be an object ({\"policy\": \"fail\"}).");
        }

        if (audit.TryGetProperty("policy", out var policy))
        {
            var name = policy.ValueKind == JsonValueKind.String ? policy.GetString()!.Trim().ToLowerInvariant() : null;
            spec = name is not null && Spec.QualityPolicy.Policies.Contains(name)
                ? spec with { AuditPolicy = name }
                : throw new FormatException($"augment.json audit.policy must be one of {string.Join(", ", Spec.QualityPolicy.Policies)}.");
        }

        if (audit.TryGetProperty("approvalTimeoutHours", out var hours))
        {
            spec = hours.ValueKind == JsonValueKind.Number && hours.GetDouble() is >= 1.0 / 60 and <= 24 * 30 and var h
                ? spec with { ApprovalTimeoutHours = h }
                : throw new FormatException("augment.json audit.approvalTimeoutHours must be a number of hours from 1/60 to 720.");
        }

        return spec;
    }

    private static int Size(JsonElement value)
    {
        var size = Int(value, "images.size", 8, 128);
        return size % 4 == 0 ? size : throw new FormatException($"augment.json images.size must be a multiple of 4 between 8 and 128, not {size}.");
    }

    private static int Channels(JsonElement value)
    {
        var channels = Int(value, "images.channels", 1, 3);
        return channels is 1 or 3 ? channels : throw new FormatException("augment.json images.channels must be 1 (grey) or 3 (RGB).");
    }

    private static string Generator(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is ImageSpec.Vae or ImageSpec.Gan
            ? value.GetString()!
            : throw new FormatException("augment.json images.generator must be \"vae\" or \"gan\".");

    private static List<string> Names(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(e.GetString()))
            ? [.. value.EnumerateArray().Select(e => e.GetString()!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)]
            : throw new FormatException("augment.json images.audit must be a list of labels.csv column names, e.g. [\"site\"].");

    private static double Share(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.GetDouble() is >= 0 and < 1 and var share
            ? share
            : throw new FormatException("augment.json images.leastRealisticShare must be a number in [0, 1).");

    private static int Int(JsonElement value, string field, int min, int max) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var v) && v >= min && v <= max
            ? v
            : throw new FormatException(value.ValueKind == JsonValueKind.Number
                ? $"augment.json {field} must be a whole number from {min:N0} to {max:N0}."
                : $"augment.json {field} must be a number, not {value.ValueKind.ToString().ToLowerInvariant()}{(field == "images.add" ? " (or \"balance\")" : "")}.");
}
