namespace Augment.Storage.Tests.InMemory;

/// <summary>What the spill folder holds: only blobs over the threshold, each until it is replaced or deleted.</summary>
public sealed class SpillingBlobStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"augment-spill-{Guid.NewGuid():N}");
    private readonly InMemoryBlobStore _store;

    public SpillingBlobStoreTests() => _store = new InMemoryBlobStore(null, _folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Pattern(int length, int seed) => [.. Enumerable.Range(0, length).Select(i => (byte)((i * 31) + seed))];

    [Fact]
    public async Task Upload_SmallStaysInMemory_LargeGoesToOneFileWithItsExactBytes()
    {
        await _store.CreateContainerIfNotExistsAsync("cont");
        await _store.UploadAsync("cont", "small", new MemoryStream(Pattern(1000, 1)));
        Assert.Empty(Directory.GetFiles(_folder));

        var large = Pattern(InMemoryBlobStore.SpillBytes + 4321, 2);
        var info = await _store.UploadAsync("cont", "large", new MemoryStream(large));

        var file = Assert.Single(Directory.GetFiles(_folder));
        Assert.Equal(large.LongLength, new FileInfo(file).Length);
        Assert.Equal(large.LongLength, info.ContentLength);
        await using var download = (await _store.OpenReadAsync("cont", "large"))!;
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);
        Assert.Equal(large, copy.ToArray());
    }

    [Fact]
    public async Task Replace_WhileAReaderIsOpen_ReaderKeepsOldBytesAndOnlyTheNewFileRemains()
    {
        await _store.CreateContainerIfNotExistsAsync("cont");
        var first = Pattern(InMemoryBlobStore.SpillBytes + 10, 3);
        var second = Pattern(InMemoryBlobStore.SpillBytes + 20, 4);
        await _store.UploadAsync("cont", "b", new MemoryStream(first));
        await using var reader = (await _store.OpenReadAsync("cont", "b"))!;

        await _store.UploadAsync("cont", "b", new MemoryStream(second));

        using var copy = new MemoryStream();
        await reader.Content.CopyToAsync(copy);
        Assert.Equal(first, copy.ToArray());
        Assert.Equal(second.LongLength, new FileInfo(Assert.Single(Directory.GetFiles(_folder))).Length);
    }

    [Fact]
    public async Task Delete_AndFailedConditionalUpload_LeaveNoFiles()
    {
        await _store.CreateContainerIfNotExistsAsync("cont");
        await _store.UploadAsync("cont", "b", new MemoryStream(Pattern(InMemoryBlobStore.SpillBytes + 1, 5)));

        await Assert.ThrowsAsync<StorageConflictException>(() => _store.UploadAsync(
            "cont", "b", new MemoryStream(Pattern(InMemoryBlobStore.SpillBytes + 2, 6)), new BlobWriteOptions { IfNoneMatchAny = true }));
        Assert.Single(Directory.GetFiles(_folder));

        Assert.True(await _store.DeleteAsync("cont", "b"));
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
