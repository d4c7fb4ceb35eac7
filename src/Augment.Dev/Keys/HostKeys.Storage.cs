using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Augment.Dev.Triggers;

namespace Augment.Dev.Keys;

internal sealed partial class HostKeys
{
    /// <summary>
    /// Loads the keys of the host and of <paramref name="functionNames"/> from <paramref name="secrets"/> (the
    /// <c>azure-webjobs-secrets</c> container, created if missing), generating each missing file with random keys.
    /// Files are created with <c>If-None-Match: *</c>, so two hosts starting together end up with the same keys.
    /// </summary>
    /// <exception cref="InvalidDataException">A secrets file is not valid JSON, or holds encrypted keys (the host's machine key is not available here).</exception>
    public static async Task<HostKeys> LoadOrCreateAsync(BlobContainerClient secrets, string hostId, IEnumerable<string> functionNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(functionNames);
        HostIds.Validate(hostId, nameof(hostId));
        await secrets.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var host = await LoadOrCreateAsync(
            secrets, $"{hostId}/host.json", () => new HostSecrets(new Secret("master", NewKey(), false), [new Secret("default", NewKey(), false)], []),
            KeysJsonContext.Default.HostSecrets, cancellationToken);
        Readable(secrets, $"{hostId}/host.json", [host.MasterKey, .. host.FunctionKeys]);
        if (host.FunctionKeys.Count == 0)
        {
            throw new InvalidDataException($"{SecretsContainer}/{hostId}/host.json has no function keys.");
        }

        var functions = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in functionNames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            HostIds.ValidateFunctionName(name, nameof(functionNames));
            var blobName = $"{hostId}/{name.ToLowerInvariant()}.json";
            var function = await LoadOrCreateAsync(
                secrets, blobName, () => new FunctionSecrets([new Secret("default", NewKey(), false)]), KeysJsonContext.Default.FunctionSecrets, cancellationToken);
            Readable(secrets, blobName, function.Keys);
            functions[name] = function.Keys.Select(k => k.Value).ToList();
        }

        return new HostKeys(host.MasterKey.Value, host.FunctionKeys.Select(k => k.Value).ToList(), functions);
    }

    /// <summary>A new key: 40 random bytes, base64url without padding (safe in a query string), as the host's generator.</summary>
    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(40)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void Readable(BlobContainerClient secrets, string blobName, IEnumerable<Secret> keys)
    {
        if (keys.Any(k => k.Encrypted || string.IsNullOrEmpty(k.Value)))
        {
            throw new InvalidDataException($"{secrets.Name}/{blobName} holds encrypted or empty keys; delete it to have new ones generated.");
        }
    }

    private static async Task<T> LoadOrCreateAsync<T>(BlobContainerClient secrets, string blobName, Func<T> create, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var blob = secrets.GetBlobClient(blobName);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var content = (await blob.DownloadContentAsync(cancellationToken)).Value.Content;
                try
                {
                    return JsonSerializer.Deserialize(content, type) ?? throw new InvalidDataException($"{secrets.Name}/{blobName} is empty.");
                }
                catch (JsonException ex)
                {
                    throw new InvalidDataException($"{secrets.Name}/{blobName} is not a valid secrets file: {ex.Message}", ex);
                }
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Not there yet: create it below.
            }

            try
            {
                await blob.UploadAsync(
                    BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(create(), type)),
                    new BlobUploadOptions
                    {
                        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                        HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    },
                    cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 3)
            {
                // Another host created it first: read theirs.
            }
        }
    }
}
