using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Augment.Dev.Keys;

/// <summary>
/// The host's keys, kept where and as the Functions host keeps them with blob-storage secrets: container
/// <c>azure-webjobs-secrets</c>, blob <c>{hostId}/host.json</c> (<c>masterKey</c> named <c>master</c>, host
/// <c>functionKeys</c> starting with <c>default</c>) and <c>{hostId}/{function}.json</c> (that function's <c>keys</c>,
/// file name lower-cased).
/// Missing files are generated on first start (see <see cref="LoadOrCreateAsync"/>); keys never live in the repository.
/// </summary>
internal sealed partial class HostKeys
{
    /// <summary>The secrets container.</summary>
    public const string SecretsContainer = "azure-webjobs-secrets";

    /// <summary>The header that carries a key (the <c>code</c> query parameter is the other way).</summary>
    public const string KeyHeader = "x-functions-key";

    private readonly Dictionary<string, IReadOnlyList<string>> _functionKeys;

    private HostKeys(string masterKey, IReadOnlyList<string> hostFunctionKeys, Dictionary<string, IReadOnlyList<string>> functionKeys)
    {
        MasterKey = masterKey;
        HostFunctionKeys = hostFunctionKeys;
        _functionKeys = functionKeys;
    }

    /// <summary>The master (admin) key: valid at every level.</summary>
    public string MasterKey { get; }

    /// <summary>Host-level function keys (<c>default</c> first): valid for every function-level function.</summary>
    public IReadOnlyList<string> HostFunctionKeys { get; }

    /// <summary>The default host function key (what a local host prints for clients).</summary>
    public string DefaultKey => HostFunctionKeys[0];

    /// <summary>The keys of one function (host keys not included); empty for a function not loaded.</summary>
    public IReadOnlyList<string> KeysOf(string functionName) => _functionKeys.TryGetValue(functionName, out var keys) ? keys : [];

    /// <summary>
    /// The host's rule for <paramref name="request"/> (key from the <c>x-functions-key</c> header, else the
    /// <c>code</c> query parameter): <see cref="AuthLevel.Anonymous"/> needs nothing; <see cref="AuthLevel.Function"/>
    /// accepts <paramref name="functionName"/>'s keys, the host function keys or the master key;
    /// <see cref="AuthLevel.Admin"/> only the master key. Keys compare in constant time.
    /// </summary>
    public bool IsAuthorized(HttpRequest request, AuthLevel level, string? functionName = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsAuthorized(PresentedKey(request), level, functionName);
    }

    /// <summary>The same rule for a key already taken from a request (null = none presented).</summary>
    public bool IsAuthorized(string? presentedKey, AuthLevel level, string? functionName = null)
    {
        if (level == AuthLevel.Anonymous)
        {
            return true;
        }

        if (string.IsNullOrEmpty(presentedKey) || level is not (AuthLevel.Function or AuthLevel.Admin))
        {
            return false;
        }

        if (Same(presentedKey, MasterKey))
        {
            return true;
        }

        return level == AuthLevel.Function
            && (HostFunctionKeys.Any(k => Same(presentedKey, k)) || functionName is not null && KeysOf(functionName).Any(k => Same(presentedKey, k)));
    }

    /// <summary>The key a request presents: the <c>x-functions-key</c> header, else the <c>code</c> query parameter.</summary>
    public static string? PresentedKey(HttpRequest request) =>
        request.Headers[KeyHeader].FirstOrDefault(k => !string.IsNullOrEmpty(k)) ?? request.Query["code"].FirstOrDefault(k => !string.IsNullOrEmpty(k));

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
