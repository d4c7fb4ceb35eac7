using System.Text.Json;
using System.Text.Json.Serialization;

namespace Augment.Pipeline.Spec;

/// <summary>
/// What the user asks of a run, read from the <c>augment.json</c> uploaded beside the CSV. Every field is optional;
/// <see cref="ResolvedSpec"/> holds the values actually used, and the report states which were defaults.
/// </summary>
public sealed partial record AugmentSpec
{
    /// <summary>The class column to condition on and balance; null = no target.</summary>
    public string? Target { get; init; }

    /// <summary>Columns whose group shares and base rates the audit reports.</summary>
    public IReadOnlyList<string>? Sensitive { get; init; }

    /// <summary>How many rows to add: a positive number, or "balance" to lift every minority class to the majority's count.</summary>
    public RowsRequest? Rows { get; init; }

    /// <summary>The generator: a name of <see cref="Augment.Synthesis.GeneratorCatalog.Default"/>
    /// (<c>gaussian-copula</c>, <c>latent-mixture</c>, …) or <c>auto</c> (chosen by data size and time budget).</summary>
    public string? Model { get; init; }

    /// <summary>The most training epochs (neural models) or EM iterations (latent mixture, per class); 1–100000.</summary>
    public int? Epochs { get; init; }

    /// <summary>The minibatch size of neural models; 1–1000000.</summary>
    public int? BatchSize { get; init; }

    /// <summary>Wall-time budget of training in seconds (training stops after the step that passes it); 1–86400.</summary>
    public int? TimeBudgetSeconds { get; init; }

    /// <summary>Seed for the split, training and sampling. Same data + spec + seed ⇒ same output.</summary>
    public int? Seed { get; init; }

    /// <summary>Share of real rows held out for evaluation (0.05–0.5).</summary>
    public double? HoldoutFraction { get; init; }

    /// <summary>Rows per sampling shard (one parallel activity each).</summary>
    public int? ShardSize { get; init; }

    /// <summary>When the NightlyAugmentation timer re-runs this dataset: <c>"nightly"</c>, or <c>"none"</c> / absent (only on upload).</summary>
    public string? Schedule { get; init; }

    /// <summary>With <c>"schedule": "nightly"</c>: re-run every night even when the CSV did not change since the last
    /// successful run (default false: unchanged datasets are skipped).</summary>
    public bool? NightlyWhenUnchanged { get; init; }

    /// <summary>True when <see cref="Schedule"/> is <c>"nightly"</c>.</summary>
    [JsonIgnore]
    public bool IsNightly => string.Equals(Schedule, "nightly", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>augment.json</c>. A document that is not JSON or has wrong types gets a one-line reason.</summary>
    /// <exception cref="SpecException">The document is not a valid spec.</exception>
    public static AugmentSpec Parse(string json)
    {
        try
        {
            var spec = JsonSerializer.Deserialize(json, SpecJsonContext.Default.AugmentSpec)
                ?? throw new SpecException("augment.json is empty (null); expected an object such as {\"target\": \"label\"}.");
            if (spec.Schedule is { } schedule && !spec.IsNightly && !string.Equals(schedule, "none", StringComparison.OrdinalIgnoreCase))
            {
                throw new SpecException($"augment.json: \"schedule\" must be \"nightly\" or \"none\", not \"{schedule}\".");
            }

            if (spec.NightlyWhenUnchanged == true && !spec.IsNightly)
            {
                throw new SpecException("augment.json: \"nightlyWhenUnchanged\" needs \"schedule\": \"nightly\".");
            }

            return spec;
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : "";
            if (UnknownField(ex) is { } unknown)
            {
                throw new SpecException($"augment.json has an unknown field \"{unknown}\"{where}; the fields are {string.Join(", ", Fields(SpecJsonContext.Default.AugmentSpec))}.");
            }

            if (WrongType(ex) is { } field)
            {
                throw new SpecException($"augment.json: \"{field.Path}\"{where} must be {field.Expected}.");
            }

            throw new SpecException($"augment.json is not a valid spec{where}: {FirstLine(ex.Message)}");
        }
    }

    /// <summary>
    /// The JSON path of a field no spec member takes (System.Text.Json names the .NET type in its message, which users
    /// should not see), or null for any other error.
    /// </summary>
    private static string? UnknownField(JsonException ex)
    {
        if (!ex.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return null;
        }

        var path = ex.Path ?? "";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    /// <summary>The reader's message on one line (it may quote the user's text, line breaks and all), without the
    /// position System.Text.Json appends ("Path: $ | LineNumber: 0 | BytePositionInLine: 1.": already reported).</summary>
    private static string FirstLine(string message)
    {
        var path = message.IndexOf(" Path: ", StringComparison.Ordinal);
        var text = System.Text.RegularExpressions.Regex.Replace(path < 0 ? message : message[..path], @"\s+", " ").Trim();
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    /// <summary>The fields a spec object takes, as users write them (computed members such as isNightly are not fields).</summary>
    private static IEnumerable<string> Fields(System.Text.Json.Serialization.Metadata.JsonTypeInfo type) =>
        type.Properties.Where(p => p.Set is not null).Select(p => p.Name);

    /// <summary>
    /// The field holding a value of the wrong type and what it must be, or null for any other error. System.Text.Json
    /// says "could not be converted to Augment.Pipeline.Spec.LimitsSpec", which names a .NET type; the spec's own
    /// metadata gives the field's type instead, described in JSON's words.
    /// </summary>
    private static (string Path, string Expected)? WrongType(JsonException ex)
    {
        if (!ex.Message.Contains("could not be converted to", StringComparison.Ordinal) || ex.Path is not { } path)
        {
            return null;
        }

        var names = path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries).Select(n => n.Split('[')[0]).ToList();
        if (names.Count == 0)
        {
            return ("(the whole document)", "an object such as {\"target\": \"label\"}");
        }

        var type = SpecJsonContext.Default.AugmentSpec.Type;
        foreach (var name in names)
        {
            var info = SpecJsonContext.Default.GetTypeInfo(type);
            var property = info?.Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                return (string.Join('.', names), "a value of another type");
            }

            type = property.PropertyType;
        }

        return (string.Join('.', names), Describe(type));
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) || type == typeof(long) ? "a whole number"
            : type == typeof(double) ? "a number"
            : type == typeof(bool) ? "true or false"
            : type == typeof(string) ? "a string"
            : type == typeof(RowsRequest) ? "a positive whole number or \"balance\""
            : typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? "a list of strings"
            : "an object";
    }
}

/// <summary>A spec that cannot be used. Its message is one line, shown as the run's failure reason.</summary>
public sealed class SpecException : Exception
{
    public SpecException(string message) : base(message) { }

    public SpecException() : base("Invalid augment.json.") { }

    public SpecException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Rows to add: a count, or <see cref="Balance"/>.</summary>
[JsonConverter(typeof(RowsRequestJsonConverter))]
public readonly record struct RowsRequest(int Count, bool Balance)
{
    /// <summary>Lift every minority class to the majority's count.</summary>
    public static RowsRequest BalanceClasses => new(0, true);

    /// <summary>Not given: balance when the classes are imbalanced, else add half the training rows.</summary>
    public static RowsRequest Auto => default;

    /// <summary>True for <see cref="Auto"/>.</summary>
    public bool IsAuto => Count == 0 && !Balance;

    /// <summary>Add exactly <paramref name="count"/> rows.</summary>
    public static RowsRequest Exactly(int count) => new(count, false);

    /// <inheritdoc/>
    public override string ToString() => IsAuto ? "auto" : Balance ? "balance" : Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

internal sealed class RowsRequestJsonConverter : JsonConverter<RowsRequest>
{
    public override RowsRequest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString();
            if (string.Equals(text, "balance", StringComparison.OrdinalIgnoreCase))
            {
                return RowsRequest.BalanceClasses;
            }

            if (string.Equals(text, "auto", StringComparison.OrdinalIgnoreCase))
            {
                return RowsRequest.Auto;
            }

            if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
            {
                return RowsRequest.Exactly(parsed);
            }

            throw new JsonException($"\"rows\" must be a positive number or \"balance\", not \"{text}\".");
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var count) && count > 0)
        {
            return RowsRequest.Exactly(count);
        }

        throw new JsonException("\"rows\" must be a positive whole number or \"balance\".");
    }

    public override void Write(Utf8JsonWriter writer, RowsRequest value, JsonSerializerOptions options)
    {
        if (value.IsAuto)
        {
            writer.WriteStringValue("auto");
        }
        else if (value.Balance)
        {
            writer.WriteStringValue("balance");
        }
        else
        {
            writer.WriteNumberValue(value.Count);
        }
    }
}
