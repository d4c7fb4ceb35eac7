using Augment.Functions.Hosting;

namespace Augment.Functions.Management;

/// <summary>
/// Builds the management URLs of an instance: <c>{base}/api/augmentations/{id}</c> and its actions. The base is
/// <see cref="FunctionsOptions.PublicBaseUrl"/> or the request's scheme and host; a <c>code</c> query parameter on
/// the request (the caller's function key) is carried into every URL, as Durable Functions does.
/// </summary>
internal sealed class ManagementUrls(FunctionsOptions options)
{
    /// <summary>The route of the collection, with the <c>api</c> prefix.</summary>
    public const string Collection = "/api/augmentations";

    public string Status(HttpRequest request, string instanceId) => Build(request, instanceId, "", null);

    public CheckStatusPayload CheckStatus(HttpRequest request, string instanceId) => new(
        instanceId,
        Build(request, instanceId, "", null),
        Build(request, instanceId, "/raiseEvent/{eventName}", null),
        Build(request, instanceId, "/terminate", "reason={text}"),
        Build(request, instanceId, "", null),
        Build(request, instanceId, "/restart", null),
        Build(request, instanceId, "/suspend", "reason={text}"),
        Build(request, instanceId, "/resume", "reason={text}"));

    private string Build(HttpRequest request, string instanceId, string suffix, string? query)
    {
        var root = options.PublicBaseUrl?.GetLeftPart(UriPartial.Authority) ?? $"{request.Scheme}://{request.Host}";
        var url = $"{root}{Collection}/{Uri.EscapeDataString(instanceId)}{suffix}";
        var parts = new List<string>();
        if (query is not null)
        {
            parts.Add(query);
        }

        if (request.Query.TryGetValue("code", out var code) && !string.IsNullOrEmpty(code))
        {
            parts.Add("code=" + Uri.EscapeDataString(code.ToString()));
        }

        return parts.Count == 0 ? url : url + "?" + string.Join('&', parts);
    }
}
