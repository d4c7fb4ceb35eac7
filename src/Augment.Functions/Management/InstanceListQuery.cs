using System.Globalization;
using Augment.Durable;

namespace Augment.Functions.Management;

/// <summary>
/// Reads the list and bulk-purge filters of the management API (Durable Functions' names): <c>runtimeStatus</c>
/// (comma-separated), <c>createdTimeFrom</c>, <c>createdTimeTo</c>, <c>instanceIdPrefix</c>, <c>top</c> (page size,
/// 1–1000, default 100) and the <c>x-ms-continuation-token</c> request header. Bad values give a one-line
/// <see cref="ArgumentException"/> (answered 400).
/// </summary>
internal static class InstanceListQuery
{
    public const string ContinuationHeader = "x-ms-continuation-token";

    public static InstanceQuery From(HttpRequest request)
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

        var top = InstanceQuery.DefaultPageSize;
        if (query.TryGetValue("top", out var topValue)
            && (!int.TryParse(topValue, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > 1000))
        {
            throw new ArgumentException($"top '{topValue}' must be a whole number from 1 to 1000.");
        }

        var token = request.Headers[ContinuationHeader].FirstOrDefault();
        return new InstanceQuery
        {
            RuntimeStatus = statuses,
            InstanceIdPrefix = query.TryGetValue("instanceIdPrefix", out var prefix) && !string.IsNullOrEmpty(prefix) ? prefix.ToString() : null,
            CreatedFrom = Time(query, "createdTimeFrom"),
            CreatedTo = Time(query, "createdTimeTo"),
            PageSize = top,
            ContinuationToken = string.IsNullOrEmpty(token) ? null : token,
        }.Validate();
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
