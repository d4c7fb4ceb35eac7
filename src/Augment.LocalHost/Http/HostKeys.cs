using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Augment.Storage;

namespace Augment.LocalHost.Http;

/// <summary>
/// The host's secrets, kept where the Functions host keeps them with blob storage secrets: the container
/// <c>azure-webjobs-secrets</c>, blob <c>{hostId}/host.json</c> (<c>masterKey</c>, host <c>functionKeys</c>) and
/// <c>{hostId}/{function}.json</c> (that function's <c>keys</c>). Missing files are generated on first start with
/// random keys (create-only writes, so two hosts starting together agree); keys never live in the repository.
/// </summary>
public sealed class HostKeys
{
    /// <summary>The secrets container.</summary>
    public const string SecretsContainer = "azure-webjobs-secrets";

    private readonly Dictionary<string, IReadOnlyList<string>> _functionKeys;

    private HostKeys(string masterKey, IReadOnlyList<string> hostFunctionKeys, Dictionary<string, IReadOnlyList<string>> functionKeys)
    {
        MasterKey = masterKey;
        HostFunctionKeys = hostFunctionKeys;
        _functionKeys = functionKeys;
    }

    /// <summary>The master (admin) key: valid for every function.</summary>
    public string MasterKey { get; }

    /// <summary>Host-level function keys (<c>default</c> first): valid for every function-level function.</summary>
    public IReadOnlyList<string> HostFunctionKeys { get; }

    /// <summary>The default host function key: what <c>augment host</c> prints.</summary>
    public string DefaultKey => HostFunctionKeys[0];

    /// <summary>Loads the secrets for <paramref name="functionNames"/>, generating any that are missing.</summary>
    public static async Task<HostKeys> LoadOrCreateAsync(IBlobStore blobs, string hostId, IEnumerable<string> functionNames, CancellationToken cancellationToken = default)
    {
        await blobs.CreateContainerIfNotExistsAsync(SecretsContainer, cancellationToken);
        var host = await LoadOrCreateAsync(blobs, $"{hostId}/host.json", () => new HostSecrets(
            new Secret("_master", NewKey(), false), [new Secret("default", NewKey(), false)], []), KeysJsonContext.Default.HostSecrets, cancellationToken);
        var functions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in functionNames)
        {
            var secrets = await LoadOrCreateAsync(blobs, $"{hostId}/{name.ToLowerInvariant()}.json", () => new FunctionSecrets([new Secret("default", NewKey(), false)]),
                KeysJsonContext.Default.FunctionSecrets, cancellationToken);
            functions[name] = secrets.Keys.Select(k => k.Value).ToList();
        }

        return new HostKeys(host.MasterKey.Value, host.FunctionKeys.Select(k => k.Value).ToList(), functions);
    }

    /// <summary>The keys of one function (not including host keys).</summary>
    public IReadOnlyList<string> KeysOf(string functionName) => _functionKeys.TryGetValue(functionName, out var keys) ? keys : [];

    /// <summary>
    /// The host's rule: <c>anonymous</c> needs nothing; <c>function</c> accepts the function's keys, the host function
    /// keys or the master key; <c>admin</c> only the master key. Keys compare in constant time.
    /// </summary>
    public bool IsAuthorized(string functionName, string authLevel, string? presentedKey)
    {
        if (string.Equals(authLevel, "anonymous", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.IsNullOrEmpty(presentedKey))
        {
            return false;
        }

        if (Same(presentedKey, MasterKey))
        {
            return true;
        }

        return !string.Equals(authLevel, "admin", StringComparison.OrdinalIgnoreCase)
            && (HostFunctionKeys.Any(k => Same(presentedKey, k)) || KeysOf(functionName).Any(k => Same(presentedKey, k)));
    }

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));

    /// <summary>A new key: 40 random bytes, base64url (safe in a query string).</summary>
    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(40)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static async Task<T> LoadOrCreateAsync<T>(IBlobStore blobs, string name, Func<T> create, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using (var download = await blobs.OpenReadAsync(SecretsContainer, name, null, cancellationToken))
            {
                if (download is not null)
                {
                    try
                    {
                        return await JsonSerializer.DeserializeAsync(download.Content, type, cancellationToken)
                            ?? throw new InvalidDataException($"{SecretsContainer}/{name} is empty.");
                    }
                    catch (JsonException ex)
                    {
                        throw new InvalidDataException($"{SecretsContainer}/{name} is not a valid secrets file: {ex.Message}", ex);
                    }
                }
            }

            try
            {
                var bytes = JsonSerializer.SerializeToUtf8Bytes(create(), type);
                await blobs.UploadAsync(SecretsContainer, name, new MemoryStream(bytes), new BlobWriteOptions { IfNoneMatchAny = true, ContentType = "application/json" }, cancellationToken);
            }
            catch (StorageConflictException) when (attempt < 3)
            {
                // Another host created it first: read theirs.
            }
        }
    }
}

/// <summary>One secret as the Functions host stores it.</summary>
internal sealed record Secret(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("encrypted")] bool Encrypted);

/// <summary><c>{hostId}/host.json</c>.</summary>
internal sealed record HostSecrets(
    [property: JsonPropertyName("masterKey")] Secret MasterKey,
    [property: JsonPropertyName("functionKeys")] IReadOnlyList<Secret> FunctionKeys,
    [property: JsonPropertyName("systemKeys")] IReadOnlyList<Secret> SystemKeys);

/// <summary><c>{hostId}/{function}.json</c>.</summary>
internal sealed record FunctionSecrets([property: JsonPropertyName("keys")] IReadOnlyList<Secret> Keys);

[JsonSerializable(typeof(HostSecrets))]
[JsonSerializable(typeof(FunctionSecrets))]
internal sealed partial class KeysJsonContext : JsonSerializerContext;
