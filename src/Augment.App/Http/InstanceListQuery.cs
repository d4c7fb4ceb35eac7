using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Augment.App.Http;

/// <summary>Reads the list and purge filters of the Durable Functions HTTP API from a request's query string.</summary>
internal static class InstanceListQuery
{
    /// <summary>The header that carries the next page's token, both ways.</summary>
    public const string ContinuationHeader = "x-ms-continuation-token";

    /// <summary>Default page size.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The query; <see cref="ArgumentException"/> (400) for a bad value.</summary>
    public static OrchestrationQuery From(HttpRequest request)
    {
        var query = request.Query;
        List<OrchestrationRuntimeStatus>? statuses = null;
        if (query.TryGetValue("runtimeStatus", out var statusValues))
        {
            statuses = [];
            foreach (var part in statusValues.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (int.TryParse(part, out _) || !Enum.TryParse<OrchestrationRuntimeStatus>(part, ignoreCase: true, out var status) || !Enum.IsDefined(status))
                {
                    throw new ArgumentException($"runtimeStatus '{part}' is not one of {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
                }

                statuses.Add(status);
            }
        }

        var top = DefaultPageSize;
        if (query.TryGetValue("top", out var topValue)
            && (!int.TryParse(topValue, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 1000))
        {
            throw new ArgumentException($"top '{topValue}' must be a whole number from 1 to 1000.");
        }

        var from = Time(query, "createdTimeFrom");
        var to = Time(query, "createdTimeTo");
        if (from is { } f && to is { } t && f > t)
        {
            throw new ArgumentException("createdTimeFrom is after createdTimeTo.");
        }

        var token = request.Headers[ContinuationHeader].FirstOrDefault();
        return new OrchestrationQuery
        {
            Statuses = statuses,
            InstanceIdPrefix = query.TryGetValue("instanceIdPrefix", out var prefix) && !string.IsNullOrEmpty(prefix) ? prefix.ToString() : null,
            CreatedFrom = from,
            CreatedTo = to,
            PageSize = top,
            ContinuationToken = string.IsNullOrEmpty(token) ? null : token,
        };
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : throw new ArgumentException($"{name} '{value}' is not an ISO 8601 time such as 2026-01-31T00:00:00Z.");
    }
}
