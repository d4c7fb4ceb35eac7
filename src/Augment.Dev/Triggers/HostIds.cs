namespace Augment.Dev.Triggers;

/// <summary>The Functions host's naming rules for the ids that go into blob, queue and lock names.</summary>
internal static class HostIds
{
    /// <summary>The container the host keeps receipts, timer status and locks in.</summary>
    public const string HostsContainer = "azure-webjobs-hosts";

    /// <summary>A function's id as the script host writes it: <c>Host.Functions.{name}</c>.</summary>
    public static string FunctionId(string functionName) => $"Host.Functions.{functionName}";

    /// <summary>
    /// Checks a host id: 1 to 32 characters of lower-case letters, digits and <c>-</c>, not starting or ending with
    /// <c>-</c> (<c>ScriptHostIdProvider</c> lower-cases, truncates to 32 and trims a trailing <c>-</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The id breaks the rule.</exception>
    public static void Validate(string hostId, string parameterName)
    {
        if (string.IsNullOrEmpty(hostId) || hostId.Length > 32 || hostId[0] == '-' || hostId[^1] == '-'
            || !hostId.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"host id '{hostId}' must be 1-32 lower-case letters, digits or '-', not starting or ending with '-'.", parameterName);
        }
    }

    /// <summary>Checks a function name: non-empty, no <c>/</c> (it becomes one segment of a blob name).</summary>
    /// <exception cref="ArgumentException">The name is empty or contains <c>/</c>.</exception>
    public static void ValidateFunctionName(string functionName, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(functionName) || functionName.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"function name '{functionName}' must be non-empty and contain no '/'.", parameterName);
        }
    }
}
