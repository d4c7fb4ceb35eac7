namespace Augment.Pipeline.Training.Arm;

/// <summary>Which Container Apps job to drive and how (CONTRACTS §6). Validated by <see cref="Validate"/>.</summary>
public sealed class ContainerAppsJobOptions
{
    /// <summary>Azure subscription id of the job. Required.</summary>
    public string SubscriptionId { get; init; } = "";

    /// <summary>Resource group of the job. Required.</summary>
    public string ResourceGroup { get; init; } = "";

    /// <summary>Name of the Container Apps job. Required.</summary>
    public string JobName { get; init; } = "";

    /// <summary>ARM api-version. Default <c>2025-01-01</c> (stable, Jobs.json).</summary>
    public string ApiVersion { get; init; } = "2025-01-01";

    /// <summary>ARM endpoint. Default <c>https://management.azure.com</c>; tests point it at a local fake.</summary>
    public Uri Endpoint { get; init; } = new("https://management.azure.com");

    /// <summary>Wait between polls of a 202 operation when no <c>Retry-After</c> is given. Default 5 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most polls of one long-running start before giving up. Default 120.</summary>
    public int MaxOperationPolls { get; init; } = 120;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Require(SubscriptionId, nameof(SubscriptionId));
        Require(ResourceGroup, nameof(ResourceGroup));
        Require(JobName, nameof(JobName));
        Require(ApiVersion, nameof(ApiVersion));
        if (PollInterval < TimeSpan.Zero || MaxOperationPolls < 1)
        {
            throw new ArgumentException("PollInterval must be >= 0 and MaxOperationPolls >= 1.");
        }
    }

    private static void Require(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"Container Apps job option {name} is required.", name);
        }
    }
}
