namespace Augment.Storage;

/// <summary>
/// A parsed storage connection string: the account, its Shared Key and the blob and queue endpoints.
/// Supports <c>UseDevelopmentStorage=true</c> (Azurite's well-known <c>devstoreaccount1</c> on the default ports) and
/// <c>DefaultEndpointsProtocol=..;AccountName=..;AccountKey=..;BlobEndpoint=..;QueueEndpoint=..;EndpointSuffix=..</c>.
/// </summary>
public sealed record StorageConnectionString(string AccountName, string AccountKey, Uri BlobEndpoint, Uri QueueEndpoint)
{
    /// <summary>The emulator's well-known account name.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The emulator's well-known, public account key.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Parses <paramref name="connectionString"/>.</summary>
    /// <exception cref="FormatException">A setting is malformed or a required one (named in the message) is missing.</exception>
    public static StorageConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"Connection string setting '{part}' is not of the form Name=Value.");
            }

            settings[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        if (settings.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var useDev) && useDev)
        {
            return new StorageConnectionString(
                DevelopmentAccountName,
                DevelopmentAccountKey,
                new Uri($"http://127.0.0.1:10000/{DevelopmentAccountName}"),
                new Uri($"http://127.0.0.1:10001/{DevelopmentAccountName}"));
        }

        var account = Required(settings, "AccountName");
        var key = Required(settings, "AccountKey");
        try
        {
            Convert.FromBase64String(key);
        }
        catch (FormatException)
        {
            throw new FormatException("Connection string setting 'AccountKey' is not base64.");
        }

        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        return new StorageConnectionString(
            account,
            key,
            Endpoint(settings, "BlobEndpoint", $"{protocol}://{account}.blob.{suffix}"),
            Endpoint(settings, "QueueEndpoint", $"{protocol}://{account}.queue.{suffix}"));
    }

    /// <summary>Like <see cref="Parse"/>, but returns false instead of throwing.</summary>
    public static bool TryParse(string? connectionString, out StorageConnectionString? result)
    {
        result = null;
        if (connectionString is null)
        {
            return false;
        }

        try
        {
            result = Parse(connectionString);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Formats the connection string with explicit endpoints (the key included).</summary>
    public override string ToString() =>
        $"DefaultEndpointsProtocol={BlobEndpoint.Scheme};AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint.AbsoluteUri.TrimEnd('/')};QueueEndpoint={QueueEndpoint.AbsoluteUri.TrimEnd('/')};";

    private static string Required(Dictionary<string, string> settings, string name) =>
        settings.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"Connection string is missing the required setting '{name}'.");

    private static Uri Endpoint(Dictionary<string, string> settings, string name, string fallback)
    {
        var text = settings.GetValueOrDefault(name, fallback);
        return Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException($"Connection string setting '{name}' is not an http(s) URL: '{text}'.");
    }
}
