using System.Globalization;
using System.Xml.Linq;
using Azure.Core;

namespace Augment.Storage;

public sealed partial class BlobRestClient
{
    /// <inheritdoc/>
    public async Task<BlobPage> ListPageAsync(string container, string? prefix = null, string? continuationToken = null, int pageSize = 5000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 5000);
        using var message = _pipeline.Create(
            RequestMethod.Get,
            "/" + container,
            ("restype", "container"),
            ("comp", "list"),
            ("include", "metadata"),
            ("prefix", string.IsNullOrEmpty(prefix) ? null : prefix),
            ("marker", string.IsNullOrEmpty(continuationToken) ? null : continuationToken),
            ("maxresults", pageSize.ToString(CultureInfo.InvariantCulture)));
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw StoragePipeline.Failure(response, $"List blobs in '{container}'");
        }

        return ParseList(container, response.Content.ToString());
    }

    /// <summary>Parses a List Blobs response body (<c>EnumerationResults</c>).</summary>
    internal static BlobPage ParseList(string container, string xml)
    {
        var root = XDocument.Parse(xml).Root ?? throw new StorageException("List Blobs returned an empty document.");
        var items = new List<BlobInfo>();
        foreach (var blob in root.Element("Blobs")?.Elements("Blob") ?? [])
        {
            var properties = blob.Element("Properties");
            string? Property(string name) => properties?.Element(name)?.Value;
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in blob.Element("Metadata")?.Elements() ?? [])
            {
                metadata[entry.Name.LocalName] = entry.Value;
            }

            items.Add(new BlobInfo(
                container,
                blob.Element("Name")?.Value ?? "",
                StoragePipeline.NormalizeETag(Property("Etag") ?? ""),
                long.Parse(Property("Content-Length") ?? "0", CultureInfo.InvariantCulture),
                StoragePipeline.ParseDate(Property("Last-Modified") ?? throw new StorageException("A listed blob has no Last-Modified.")),
                string.IsNullOrEmpty(Property("Content-Type")) ? null : Property("Content-Type"),
                metadata));
        }

        var next = root.Element("NextMarker")?.Value;
        return new BlobPage(items, string.IsNullOrEmpty(next) ? null : next);
    }
}
