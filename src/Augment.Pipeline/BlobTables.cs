using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Augment.Data;
using Augment.Storage;

namespace Augment.Pipeline;

/// <summary>Reads and writes tables and JSON documents as blobs, streaming through a temporary file.</summary>
internal static class BlobTables
{
    public static Task<DataTable> ReadAsync(IBlobStore blobs, string container, string name, ETag? ifMatch, CancellationToken cancellationToken) =>
        ReadAsync(blobs, container, name, ifMatch, null, cancellationToken);

    /// <summary>Reads a CSV blob within <paramref name="limits"/>: its size is checked before a byte is parsed.</summary>
    /// <exception cref="InvalidDataException">The blob is larger than the limits allow.</exception>
    public static async Task<DataTable> ReadAsync(IBlobStore blobs, string container, string name, ETag? ifMatch, Spec.InputLimits? limits, CancellationToken cancellationToken)
    {
        var options = ifMatch is null ? null : new BlobReadOptions { IfMatch = ifMatch };
        await using var download = await blobs.OpenReadAsync(container, name, options, cancellationToken)
            ?? throw new FileNotFoundException($"blob {container}/{name} does not exist");
        if (limits is not null && download.Info.ContentLength > limits.MaxFileBytes)
        {
            throw new InvalidDataException(limits.FileSizeReason(name, download.Info.ContentLength));
        }

        return await CsvTable.ReadAsync(download.Content, limits?.ReadOptions, cancellationToken);
    }

    /// <summary>Opens a CSV blob for a row-by-row read (<see cref="CsvRowReader"/>): one row in memory at a time.</summary>
    public static async Task<RowStream> OpenRowsAsync(IBlobStore blobs, string container, string name, CancellationToken cancellationToken)
    {
        var download = await blobs.OpenReadAsync(container, name, null, cancellationToken)
            ?? throw new FileNotFoundException($"blob {container}/{name} does not exist");
        try
        {
            return new RowStream(download, await CsvRowReader.OpenAsync(download.Content, null, cancellationToken));
        }
        catch
        {
            await download.DisposeAsync();
            throw;
        }
    }

    public static async Task WriteAsync(IBlobStore blobs, string container, string name, DataTable table, CancellationToken cancellationToken)
    {
        await using var file = TempFile();
        await CsvTable.WriteAsync(file, table, cancellationToken);
        await UploadCsvAsync(blobs, container, name, file, cancellationToken);
    }

    /// <summary>Uploads a CSV written to <paramref name="file"/> (from its start) as a blob.</summary>
    public static async Task UploadCsvAsync(IBlobStore blobs, string container, string name, Stream file, CancellationToken cancellationToken)
    {
        await file.FlushAsync(cancellationToken);
        file.Position = 0;
        await blobs.UploadAsync(container, name, file, new BlobWriteOptions { ContentType = "text/csv; charset=utf-8" }, cancellationToken);
    }

    public static async Task<T> ReadJsonAsync<T>(IBlobStore blobs, string container, string name, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        await using var download = await blobs.OpenReadAsync(container, name, null, cancellationToken)
            ?? throw new FileNotFoundException($"blob {container}/{name} does not exist");
        return await JsonSerializer.DeserializeAsync(download.Content, type, cancellationToken)
            ?? throw new InvalidDataException($"blob {container}/{name} holds JSON null");
    }

    public static async Task WriteJsonAsync<T>(IBlobStore blobs, string container, string name, T value, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await JsonSerializer.SerializeAsync(buffer, value, type, cancellationToken);
        buffer.Position = 0;
        await blobs.UploadAsync(container, name, buffer, new BlobWriteOptions { ContentType = "application/json" }, cancellationToken);
    }

    public static async Task<string?> ReadTextAsync(IBlobStore blobs, string container, string name, int maxBytes, CancellationToken cancellationToken)
    {
        await using var download = await blobs.OpenReadAsync(container, name, null, cancellationToken);
        if (download is null)
        {
            return null;
        }

        if (download.Info.ContentLength > maxBytes)
        {
            throw new InvalidDataException($"{name} is {download.Info.ContentLength} bytes; at most {maxBytes} are allowed");
        }

        using var reader = new StreamReader(download.Content, System.Text.Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    public static FileStream TempFile() =>
        new(Path.Combine(Path.GetTempPath(), "augment-" + Guid.NewGuid().ToString("N") + ".tmp"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    /// <summary>A blob download and the row reader over it, disposed together.</summary>
    internal sealed class RowStream(IAsyncDisposable download, CsvRowReader rows) : IAsyncDisposable
    {
        public CsvRowReader Rows => rows;

        public async ValueTask DisposeAsync()
        {
            await rows.DisposeAsync();
            await download.DisposeAsync();
        }
    }
}
