using System.Net;
using System.Text;
using Augment.Storage.Tests.Fakes;

namespace Augment.Storage.Tests.Conformance;

/// <summary>
/// The behaviour every <see cref="IBlobStore"/> must share. Subclasses supply the store (in memory, or the Azure SDK
/// client on Azurite); each test uses its own container.
/// </summary>
public abstract partial class BlobStoreConformanceTests
{
    protected abstract IBlobStore Store { get; }

    private async Task<string> NewContainerAsync()
    {
        var container = Names.Unique("c");
        await Store.CreateContainerIfNotExistsAsync(container);
        return container;
    }

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<string?> ReadTextAsync(string container, string name)
    {
        await using var download = await Store.OpenReadAsync(container, name);
        if (download is null)
        {
            return null;
        }

        using var reader = new StreamReader(download.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task CreateContainerIfNotExists_Twice_DoesNotThrow()
    {
        var container = await NewContainerAsync();

        await Store.CreateContainerIfNotExistsAsync(container);

        Assert.Empty((await Store.ListPageAsync(container)).Items);
    }

    [Fact]
    public async Task Upload_ThenOpenRead_ReturnsContentAndProperties()
    {
        var container = await NewContainerAsync();
        var options = new BlobWriteOptions { ContentType = "text/csv", Metadata = new Dictionary<string, string> { ["origin"] = "unit" } };

        var written = await Store.UploadAsync(container, "dir/data.csv", Text("a,b\n1,2\n"), options);
        await using var download = await Store.OpenReadAsync(container, "dir/data.csv");

        Assert.NotNull(download);
        Assert.Equal(written.ETag, download.Info.ETag);
        Assert.Equal(8, download.Info.ContentLength);
        Assert.Equal("text/csv", download.Info.ContentType);
        Assert.Equal("unit", download.Info.Metadata["origin"]);
        Assert.Equal("a,b\n1,2\n", await new StreamReader(download.Content).ReadToEndAsync());
    }

    [Fact]
    public async Task Upload_EmptyStream_CreatesEmptyBlob()
    {
        var container = await NewContainerAsync();

        var written = await Store.UploadAsync(container, "empty", new MemoryStream());

        Assert.Equal(0, written.ContentLength);
        Assert.Equal("", await ReadTextAsync(container, "empty"));
    }

    [Fact]
    public async Task Upload_Overwrite_ChangesETagAndContent()
    {
        var container = await NewContainerAsync();
        var first = await Store.UploadAsync(container, "b", Text("one"));

        var second = await Store.UploadAsync(container, "b", Text("two"));

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal("two", await ReadTextAsync(container, "b"));
    }

    [Fact]
    public async Task Upload_CreateOnlyOnExistingBlob_ThrowsConflictBlobAlreadyExists()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "b", Text("one"));

        var ex = await Assert.ThrowsAsync<StorageConflictException>(() => Store.UploadAsync(container, "b", Text("two"), BlobWriteOptions.CreateOnly));

        Assert.Equal(HttpStatusCode.Conflict, ex.Status);
        Assert.Equal("BlobAlreadyExists", ex.ErrorCode);
        Assert.Equal("one", await ReadTextAsync(container, "b"));
    }

    [Fact]
    public async Task Upload_CreateOnlyOnNewBlob_Creates()
    {
        var container = await NewContainerAsync();

        await Store.UploadAsync(container, "b", Text("one"), BlobWriteOptions.CreateOnly);

        Assert.Equal("one", await ReadTextAsync(container, "b"));
    }

    [Fact]
    public async Task Upload_IfMatchStaleETag_ThrowsPreconditionFailed()
    {
        var container = await NewContainerAsync();
        var first = await Store.UploadAsync(container, "b", Text("one"));
        await Store.UploadAsync(container, "b", Text("two"));

        var ex = await Assert.ThrowsAsync<StorageConflictException>(() => Store.UploadAsync(container, "b", Text("three"), new BlobWriteOptions { IfMatch = first.ETag }));

        Assert.Equal(HttpStatusCode.PreconditionFailed, ex.Status);
        Assert.Equal("two", await ReadTextAsync(container, "b"));
    }

    [Fact]
    public async Task Upload_IfMatchCurrentETag_Overwrites()
    {
        var container = await NewContainerAsync();
        var first = await Store.UploadAsync(container, "b", Text("one"));

        var second = await Store.UploadAsync(container, "b", Text("two"), new BlobWriteOptions { IfMatch = first.ETag });

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal("two", await ReadTextAsync(container, "b"));
    }

    [Fact]
    public async Task Upload_MissingContainer_ThrowsNotFoundThatIsNotAConflict()
    {
        var ex = await Assert.ThrowsAsync<StorageException>(() => Store.UploadAsync(Names.Unique("missing"), "b", Text("x")));

        Assert.IsNotType<StorageConflictException>(ex);
        Assert.Equal(HttpStatusCode.NotFound, ex.Status);
        Assert.Equal("ContainerNotFound", ex.ErrorCode);
    }

    [Fact]
    public async Task OpenRead_MissingBlob_ReturnsNull()
    {
        var container = await NewContainerAsync();

        Assert.Null(await Store.OpenReadAsync(container, "nope"));
    }

    [Fact]
    public async Task OpenRead_IfMatchStaleETag_ThrowsConflict()
    {
        var container = await NewContainerAsync();
        var first = await Store.UploadAsync(container, "b", Text("one"));
        await Store.UploadAsync(container, "b", Text("two"));

        var ex = await Assert.ThrowsAsync<StorageConflictException>(() => Store.OpenReadAsync(container, "b", new BlobReadOptions { IfMatch = first.ETag }));

        Assert.Equal(HttpStatusCode.PreconditionFailed, ex.Status);
    }

    [Fact]
    public async Task GetProperties_ExistingAndMissing_ReturnsInfoOrNull()
    {
        var container = await NewContainerAsync();
        var written = await Store.UploadAsync(container, "b", Text("hello"));

        var info = await Store.GetPropertiesAsync(container, "b");
        var missing = await Store.GetPropertiesAsync(container, "nope");

        Assert.NotNull(info);
        Assert.Equal(written.ETag, info.ETag);
        Assert.Equal(5, info.ContentLength);
        Assert.Equal("application/octet-stream", info.ContentType);
        Assert.True(Math.Abs((info.LastModified - DateTimeOffset.UtcNow).TotalDays) < 3650);
        Assert.Null(missing);
    }

    [Fact]
    public async Task SetMetadata_RoundTripsAndChangesETag()
    {
        var container = await NewContainerAsync();
        var written = await Store.UploadAsync(container, "b", Text("hello"), new BlobWriteOptions { Metadata = new Dictionary<string, string> { ["old"] = "1" } });

        var updated = await Store.SetMetadataAsync(container, "b", new Dictionary<string, string> { ["runId"] = "r-42", ["stage"] = "train" }, written.ETag);
        var info = await Store.GetPropertiesAsync(container, "b");

        Assert.NotEqual(written.ETag, updated.ETag);
        Assert.NotNull(info);
        Assert.Equal(updated.ETag, info.ETag);
        Assert.Equal(5, updated.ContentLength);
        Assert.Equal("r-42", info.Metadata["runId"]);
        Assert.Equal("train", info.Metadata["stage"]);
        Assert.False(info.Metadata.ContainsKey("old"));
    }

    [Fact]
    public async Task SetMetadata_IfMatchStaleETag_ThrowsConflict()
    {
        var container = await NewContainerAsync();
        var first = await Store.UploadAsync(container, "b", Text("one"));
        await Store.UploadAsync(container, "b", Text("two"));

        await Assert.ThrowsAsync<StorageConflictException>(() => Store.SetMetadataAsync(container, "b", new Dictionary<string, string> { ["k"] = "v" }, first.ETag));
    }

    [Fact]
    public async Task Delete_ExistingThenMissing_ReturnsTrueThenFalse()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "b", Text("one"));

        var first = await Store.DeleteAsync(container, "b");
        var second = await Store.DeleteAsync(container, "b");

        Assert.True(first);
        Assert.False(second);
        Assert.Null(await Store.GetPropertiesAsync(container, "b"));
    }

    [Fact]
    public async Task Delete_IfMatchStaleETag_ThrowsConflictAndKeepsBlob()
    {
        var container = await NewContainerAsync();
        var first = await Store.UploadAsync(container, "b", Text("one"));
        await Store.UploadAsync(container, "b", Text("two"));

        await Assert.ThrowsAsync<StorageConflictException>(() => Store.DeleteAsync(container, "b", first.ETag));

        Assert.Equal("two", await ReadTextAsync(container, "b"));
    }

    [Fact]
    public async Task Delete_IfMatchCurrentETag_Deletes()
    {
        var container = await NewContainerAsync();
        var written = await Store.UploadAsync(container, "b", Text("one"));

        Assert.True(await Store.DeleteAsync(container, "b", written.ETag));
    }
}
