using Augment.App.Hosting;
using Microsoft.AspNetCore.Http;

namespace Augment.App.Http;

/// <summary>The URLs the management API hands out: rooted at <c>Augment:PublicBaseUrl</c> or the request's host, carrying the caller's <c>code</c>.</summary>
public sealed class ManagementUrls(AppOptions options)
{
    /// <summary>The management API's collection route.</summary>
    public const string Collection = "/api/augmentations";

    /// <summary>One run's status URL.</summary>
    public string Status(HttpRequest request, string instanceId) => Build(request, instanceId, "", null);

    /// <summary>The check-status body for a run.</summary>
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
