namespace Augment.Storage;

/// <summary>Validates names and arguments the way the service does, so both backends reject the same input.</summary>
internal static class StorageNames
{
    /// <summary>Container and queue names: 3–63 chars of lowercase letters, digits and single inner hyphens.</summary>
    public static void ValidateContainer(string name) => ValidateDnsName(name, "container");

    public static void ValidateQueue(string name) => ValidateDnsName(name, "queue");

    public static void ValidateBlob(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > 1024)
        {
            throw new ArgumentException("Blob names are at most 1024 characters.", nameof(name));
        }
    }

    public static void ValidateMetadataName(string name)
    {
        var ok = !string.IsNullOrEmpty(name)
            && (char.IsAsciiLetter(name[0]) || name[0] == '_')
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
        if (!ok)
        {
            throw new ArgumentException($"Metadata name '{name}' is not a C# identifier.", nameof(name));
        }
    }

    public static void ValidateLeaseDuration(TimeSpan? duration)
    {
        if (duration is { } d && (d < TimeSpan.FromSeconds(15) || d > TimeSpan.FromSeconds(60)))
        {
            throw new ArgumentOutOfRangeException(nameof(duration), d, "A lease lasts 15 to 60 seconds, or is infinite (null).");
        }
    }

    public static void ValidateLeaseId(string leaseId)
    {
        if (!Guid.TryParse(leaseId, out _))
        {
            throw new ArgumentException($"Lease id '{leaseId}' is not a GUID.", nameof(leaseId));
        }
    }

    private static void ValidateDnsName(string name, string kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        var ok = name.Length is >= 3 and <= 63
            && char.IsAsciiLetterOrDigit(name[0])
            && char.IsAsciiLetterOrDigit(name[^1])
            && !name.Contains("--", StringComparison.Ordinal)
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
        if (!ok)
        {
            throw new ArgumentException($"'{name}' is not a valid {kind} name (3-63 lowercase letters, digits, single hyphens).", nameof(name));
        }
    }
}
