namespace Augment.App.Tests.Support;

/// <summary>augment.json bodies for runs that finish in seconds (the Gaussian copula, never <c>auto</c>'s choice).</summary>
internal static class Specs
{
    /// <summary>A plain run on <see cref="SampleCsv"/>'s columns.</summary>
    public const string Quick = """{"target": "income", "model": "gaussian-copula", "seed": 1}""";

    /// <summary>
    /// A run that stops at the audit gate: balancing the classes moves the share of <c>sex</c> groups, and with no shift
    /// tolerated that is a finding, so the run waits for an Approve or Reject event.
    /// </summary>
    public const string AwaitApproval =
        """{"target": "income", "sensitive": ["sex"], "rows": "balance", "model": "gaussian-copula", "seed": 1, "audit": {"policy": "await-approval", "maxShareShift": 0, "maxParityIncrease": 0}}""";

    /// <summary>A spec whose target is not a column: the run fails in Profile.</summary>
    public const string MissingTarget = """{"target": "no such column", "model": "gaussian-copula"}""";
}
