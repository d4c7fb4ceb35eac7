namespace Augment.Storage.Tests.Fakes;

/// <summary>Unique, valid container and queue names so tests never share state on a shared Azurite.</summary>
internal static class Names
{
    public static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..Math.Min(40, prefix.Length + 32)];
}
