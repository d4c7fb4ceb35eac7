namespace Augment.Pipeline.Training.Acr;

/// <summary>
/// A parsed <c>WWW-Authenticate: Bearer realm="…",service="…",scope="…"</c> challenge (Docker registry token auth).
/// </summary>
/// <param name="Realm">Token endpoint.</param>
/// <param name="Service">Service name to ask tokens for.</param>
/// <param name="Scope">Scope the request needs, when given.</param>
public sealed record BearerChallenge(Uri Realm, string Service, string? Scope)
{
    /// <summary>Parses the header value, or returns null when it is not a Bearer challenge with a realm and service.</summary>
    public static BearerChallenge? TryParse(string? header)
    {
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = header.AsSpan(7);
        while (!text.IsEmpty)
        {
            text = text.TrimStart(" ,");
            var eq = text.IndexOf('=');
            if (eq <= 0)
            {
                break;
            }

            var key = text[..eq].Trim().ToString();
            text = text[(eq + 1)..];
            string value;
            if (text.StartsWith("\""))
            {
                var end = text[1..].IndexOf('"');
                if (end < 0)
                {
                    return null;
                }

                value = text.Slice(1, end).ToString();
                text = text[(end + 2)..];
            }
            else
            {
                var comma = text.IndexOf(',');
                value = (comma < 0 ? text : text[..comma]).Trim().ToString();
                text = comma < 0 ? [] : text[comma..];
            }

            values[key] = value;
        }

        return values.TryGetValue("realm", out var realm) && Uri.TryCreate(realm, UriKind.Absolute, out var realmUri)
            && values.TryGetValue("service", out var service)
            ? new BearerChallenge(realmUri, service, values.GetValueOrDefault("scope"))
            : null;
    }
}
