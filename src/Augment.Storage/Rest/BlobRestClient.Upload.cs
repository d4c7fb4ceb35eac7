using Azure;
using System.Buffers;
using System.Globalization;
using System.Security;
using System.Text;
using Azure.Core;

namespace Augment.Storage;

public sealed partial class BlobRestClient
{
    /// <inheritdoc/>
    /// <remarks>
    /// Reads the stream into one pooled buffer of <see cref="StorageClientOptions.BlockSize"/> bytes at a time. Content
    /// that fits in one buffer goes up as a single Put Blob; otherwise each buffer is a Put Block and a final Put Block
    /// List commits them with the conditions, content type and metadata. The stream is never seeked.
    /// </remarks>
    public async Task<BlobInfo> UploadAsync(string container, string name, Stream content, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        options ??= new BlobWriteOptions();
        var path = BlobPath(container, name);
        var blockSize = _pipeline.Options.BlockSize;
        var buffer = ArrayPool<byte>.Shared.Rent(blockSize);
        var inFlight = new List<(Task Put, byte[] Buffer)>();
        try
        {
            var filled = await FillAsync(content, buffer, blockSize, cancellationToken).ConfigureAwait(false);
            if (filled < blockSize)
            {
                return await PutBlobAsync(container, name, path, buffer.AsMemory(0, filled), options, cancellationToken).ConfigureAwait(false);
            }

            // Up to MaxConcurrentBlocks Put Blocks in flight, each on its own pooled buffer: memory stays bounded
            // by MaxConcurrentBlocks x BlockSize while reading the source overlaps with the uploads.
            var prefix = Guid.NewGuid().ToString("N");
            var blockIds = new List<string>();
            long total = 0;
            while (filled > 0)
            {
                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{prefix}-{blockIds.Count:D6}"));
                inFlight.Add((PutBlockAsync(container, name, path, blockId, buffer.AsMemory(0, filled), options.LeaseId, cancellationToken), buffer));
                blockIds.Add(blockId);
                total += filled;
                if (inFlight.Count < _pipeline.Options.MaxConcurrentBlocks)
                {
                    buffer = ArrayPool<byte>.Shared.Rent(blockSize);
                }
                else
                {
                    var done = await Task.WhenAny(inFlight.Select(f => f.Put)).ConfigureAwait(false);
                    var index = inFlight.FindIndex(f => f.Put == done);
                    buffer = inFlight[index].Buffer;
                    inFlight.RemoveAt(index);
                    await done.ConfigureAwait(false);
                }

                filled = await FillAsync(content, buffer, blockSize, cancellationToken).ConfigureAwait(false);
            }

            await Task.WhenAll(inFlight.Select(f => f.Put)).ConfigureAwait(false);
            return await PutBlockListAsync(container, name, path, blockIds, total, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Let every started Put Block finish before its buffer goes back to the pool.
            foreach (var (put, used) in inFlight)
            {
                try
                {
                    await put.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is StorageException or OperationCanceledException or Azure.RequestFailedException or IOException)
                {
                    // Already reported through the first failure.
                }

                if (!ReferenceEquals(used, buffer))
                {
                    ArrayPool<byte>.Shared.Return(used);
                }
            }

            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < count)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, count - filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    private async Task<BlobInfo> PutBlobAsync(string container, string name, string path, ReadOnlyMemory<byte> data, BlobWriteOptions options, CancellationToken cancellationToken)
    {
        using var message = _pipeline.Create(RequestMethod.Put, path);
        message.Request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        AddWriteHeaders(message.Request, options);
        message.Request.Content = RequestContent.Create(data);
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw NotFoundUnderCondition(response, options.IfMatch is not null, $"Upload blob '{container}/{name}'");
        }

        return WrittenInfo(response, container, name, data.Length, options);
    }

    private async Task PutBlockAsync(string container, string name, string path, string blockId, ReadOnlyMemory<byte> data, string? leaseId, CancellationToken cancellationToken)
    {
        using var message = _pipeline.Create(RequestMethod.Put, path, ("comp", "block"), ("blockid", blockId));
        if (leaseId is not null)
        {
            message.Request.Headers.SetValue("x-ms-lease-id", leaseId);
        }

        message.Request.Content = RequestContent.Create(data);
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw StoragePipeline.Failure(response, $"Put block of '{container}/{name}'");
        }
    }

    private async Task<BlobInfo> PutBlockListAsync(string container, string name, string path, List<string> blockIds, long total, BlobWriteOptions options, CancellationToken cancellationToken)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
        {
            xml.Append("<Latest>").Append(SecurityElement.Escape(id)).Append("</Latest>");
        }

        xml.Append("</BlockList>");
        using var message = _pipeline.Create(RequestMethod.Put, path, ("comp", "blocklist"));
        AddWriteHeaders(message.Request, options);
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(xml.ToString()));
        var response = await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw NotFoundUnderCondition(response, options.IfMatch is not null, $"Commit blocks of '{container}/{name}'");
        }

        return WrittenInfo(response, container, name, total, options);
    }

    private static void AddWriteHeaders(Request request, BlobWriteOptions options)
    {
        request.Headers.SetValue("x-ms-blob-content-type", options.ContentType ?? "application/octet-stream");
        if (options.IfNoneMatchAny)
        {
            request.Headers.SetValue("If-None-Match", "*");
        }

        if (options.IfMatch is { } ifMatch)
        {
            request.Headers.SetValue("If-Match", ifMatch.Value);
        }

        if (options.LeaseId is not null)
        {
            request.Headers.SetValue("x-ms-lease-id", options.LeaseId);
        }

        if (options.Metadata is not null)
        {
            AddMetadata(request, options.Metadata);
        }
    }

    private static BlobInfo WrittenInfo(Response response, string container, string name, long length, BlobWriteOptions options) =>
        new(container,
            name,
            StoragePipeline.NormalizeETag(Header(response, "ETag")!),
            length,
            StoragePipeline.ParseDate(Header(response, "Last-Modified")!),
            options.ContentType ?? "application/octet-stream",
            options.Metadata is null
                ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string>(options.Metadata, StringComparer.OrdinalIgnoreCase));

    private static string FormatSeconds(TimeSpan? duration) =>
        duration is { } d ? ((int)d.TotalSeconds).ToString(CultureInfo.InvariantCulture) : "-1";
}
