using System.Globalization;
using System.Text;
using Augment.Durable;

namespace Augment.Functions.Management;

/// <summary>
/// The list and bulk-purge filters of the management API (Durable Functions' query names): <c>runtimeStatus</c>
/// (comma-separated), <c>createdTimeFrom</c>, <c>createdTimeTo</c>, <c>instanceIdPrefix</c>, <c>top</c> (page size,
/// 1–1000, default 100) and the <c>x-ms-continuation-token</c> header. Bad values give a one-line
/// <see cref="ArgumentException"/> (answered 400).
/// </summary>
internal sealed record InstanceListQuery(InstanceQuery Filter, int Top, string? After)
{
    public const string ContinuationHeader = "x-ms-continuation-token";
    public const int DefaultTop = 100;
    public const int MaxTop = 1000;

    public static InstanceListQuery From(HttpRequest request)
    {
        var query = request.Query;
        List<OrchestrationRuntimeStatus>? statuses = null;
        if (query.TryGetValue("runtimeStatus", out var statusValues))
        {
            statuses = [];
            foreach (var part in statusValues.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (!Enum.TryParse<OrchestrationRuntimeStatus>(part, ignoreCase: true, out var status) || !Enum.IsDefined(status) || int.TryParse(part, out _))
                {
                    throw new ArgumentException($"runtimeStatus '{part}' is not one of {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
                }

                statuses.Add(status);
            }
        }

        var top = DefaultTop;
        if (query.TryGetValue("top", out var topValue)
            && (!int.TryParse(topValue, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > MaxTop))
        {
            throw new ArgumentException($"top '{topValue}' must be a whole number from 1 to {MaxTop}.");
        }

        var filter = new InstanceQuery
        {
            RuntimeStatus = statuses,
            InstanceIdPrefix = query.TryGetValue("instanceIdPrefix", out var prefix) && !string.IsNullOrEmpty(prefix) ? prefix.ToString() : null,
            CreatedFrom = Time(query, "createdTimeFrom"),
            CreatedTo = Time(query, "createdTimeTo"),
        };
        return new InstanceListQuery(filter, top, DecodeToken(request.Headers[ContinuationHeader].FirstOrDefault()));
    }

    /// <summary>The token that continues after <paramref name="lastInstanceId"/>.</summary>
    public static string EncodeToken(string lastInstanceId) => Convert.ToBase64String(Encoding.UTF8.GetBytes(lastInstanceId));

    /// <summary>Takes one page of <paramref name="all"/> (any order) after the token; returns the next token when more remain.</summary>
    public (IReadOnlyList<OrchestrationMetadata> Page, string? NextToken) Paginate(IReadOnlyList<OrchestrationMetadata> all)
    {
        var ordered = all.OrderBy(m => m.InstanceId, StringComparer.Ordinal)
            .Where(m => After is null || string.CompareOrdinal(m.InstanceId, After) > 0)
            .Take(Top + 1)
            .ToList();
        if (ordered.Count <= Top)
        {
            return (ordered, null);
        }

        ordered.RemoveAt(Top);
        return (ordered, EncodeToken(ordered[^1].InstanceId));
    }

    private static string? DecodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"{ContinuationHeader} '{token}' is not a token this API returned.", ex);
        }
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
