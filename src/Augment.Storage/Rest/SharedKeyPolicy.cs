using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Augment.Storage;

/// <summary>
/// Signs every request (each retry too) with the account's Shared Key: sets <c>x-ms-date</c> and
/// <c>Authorization: SharedKey account:signature</c>, the signature being HMAC-SHA256 over the string-to-sign of
/// the Blob/Queue "Authorize with Shared Key" specification (version 2009-09-19 and later).
/// </summary>
internal sealed class SharedKeyPolicy(string accountName, string accountKey, TimeProvider timeProvider) : HttpPipelineSynchronousPolicy
{
    private readonly byte[] _key = Convert.FromBase64String(accountKey);

    public override void OnSendingRequest(HttpMessage message)
    {
        var request = message.Request;
        request.Headers.SetValue("x-ms-date", timeProvider.GetUtcNow().ToString("r", CultureInfo.InvariantCulture));
        var stringToSign = BuildStringToSign(accountName, request);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.SetValue("Authorization", $"SharedKey {accountName}:{signature}");
    }

    /// <summary>Builds the string-to-sign for <paramref name="request"/>.</summary>
    internal static string BuildStringToSign(string accountName, Request request)
    {
        string Header(string name) => request.Headers.TryGetValue(name, out var value) ? value : "";

        var contentLength = request.Content is not null && request.Content.TryComputeLength(out var length) && length > 0
            ? length.ToString(CultureInfo.InvariantCulture)
            : "";
        var headers = request.Headers
            .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()));
        return BuildStringToSign(
            accountName,
            request.Method.Method,
            request.Uri.ToUri(),
            [Header("Content-Encoding"), Header("Content-Language"), contentLength, Header("Content-MD5"), Header("Content-Type"),
                Header("Date"), Header("If-Modified-Since"), Header("If-Match"), Header("If-None-Match"), Header("If-Unmodified-Since"), Header("Range")],
            headers);
    }

    /// <summary>
    /// The string-to-sign from its parts: the verb, the eleven standard header values in specification order,
    /// the <c>x-ms-*</c> headers and the canonicalized resource built from <paramref name="uri"/>.
    /// </summary>
    internal static string BuildStringToSign(string accountName, string verb, Uri uri, IReadOnlyList<string> standardHeaders, IEnumerable<(string Name, string Value)> msHeaders)
    {
        var builder = new StringBuilder();
        builder.Append(verb.ToUpperInvariant()).Append('\n');
        foreach (var value in standardHeaders)
        {
            builder.Append(value).Append('\n');
        }

        foreach (var (name, value) in msHeaders.OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        // Canonicalized resource: /account/path, then each query parameter (lowercased name, decoded values
        // sorted and comma-joined) on its own line, names in order.
        builder.Append('/').Append(accountName).Append(uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath);
        var query = uri.Query.TrimStart('?');
        if (query.Length > 0)
        {
            var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .GroupBy(p => Uri.UnescapeDataString(p[0]).ToLowerInvariant(), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var group in parameters)
            {
                var values = group.Select(p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "").OrderBy(v => v, StringComparer.Ordinal);
                builder.Append('\n').Append(group.Key).Append(':').Append(string.Join(',', values));
            }
        }

        return builder.ToString();
    }
}
