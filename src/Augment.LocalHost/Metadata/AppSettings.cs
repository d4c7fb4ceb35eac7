using System.Text.Json;
using System.Text.RegularExpressions;

namespace Augment.LocalHost.Metadata;

/// <summary>
/// The app settings the host resolves <c>%Setting%</c> references from and passes to the handler as environment
/// variables: <c>local.settings.json</c> <c>Values</c>, overridden by the process environment (as Core Tools does),
/// overridden by explicit values (e.g. the emulator's connection string).
/// </summary>
public sealed partial class AppSettings
{
    private readonly Dictionary<string, string> _values;

    /// <summary>Creates settings from explicit values only.</summary>
    public AppSettings(IReadOnlyDictionary<string, string>? values = null) =>
        _values = new Dictionary<string, string>(values ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Every setting, names case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>The value of <paramref name="name"/>, or null.</summary>
    public string? this[string name] => _values.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Loads <c>local.settings.json</c> from <paramref name="localSettingsPath"/> when it exists, then lays the
    /// environment variables over it when <paramref name="includeEnvironment"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON.</exception>
    public static AppSettings Load(string? localSettingsPath, bool includeEnvironment = true)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (localSettingsPath is not null && File.Exists(localSettingsPath))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(localSettingsPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (doc.RootElement.TryGetProperty(nameof(Values), out var section) && section.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in section.EnumerateObject())
                    {
                        values[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                    }
                }
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{localSettingsPath} is not valid JSON: {ex.Message}", ex);
            }
        }

        if (includeEnvironment)
        {
            foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            {
                values[(string)e.Key] = (string?)e.Value ?? string.Empty;
            }
        }

        return new AppSettings(values);
    }

    /// <summary>Returns a copy with <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public AppSettings With(string name, string value) => new(new Dictionary<string, string>(_values, StringComparer.OrdinalIgnoreCase) { [name] = value });

    /// <summary>Replaces every <c>%Name%</c> in <paramref name="text"/> with its setting (the host's binding expression rule).</summary>
    /// <exception cref="InvalidOperationException">A referenced setting is missing.</exception>
    public string Resolve(string text) => SettingReference().Replace(text, m =>
        this[m.Groups[1].Value] ?? throw new InvalidOperationException($"app setting '{m.Groups[1].Value}' (referenced as {m.Value}) is not set"));

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingReference();
}
