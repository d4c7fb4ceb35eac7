using System.Net;

namespace Augment.Storage.Tests.Conformance;

public abstract partial class BlobStoreConformanceTests
{
    [Fact]
    public async Task AcquireLease_WhenAlreadyLeased_ThrowsConflict()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "b", Text("one"));
        await Store.AcquireLeaseAsync(container, "b", TimeSpan.FromSeconds(15));

        var ex = await Assert.ThrowsAsync<StorageConflictException>(() => Store.AcquireLeaseAsync(container, "b", TimeSpan.FromSeconds(15)));

        Assert.Equal(HttpStatusCode.Conflict, ex.Status);
    }

    [Fact]
    public async Task AcquireLease_ProposedId_ReturnsThatId()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "b", Text("one"));
        var proposed = Guid.NewGuid().ToString();

        var leaseId = await Store.AcquireLeaseAsync(container, "b", null, proposed);

        Assert.Equal(proposed, leaseId, ignoreCase: true);
    }

    [Fact]
    public async Task AcquireLease_MissingBlob_ThrowsNotFound()
    {
        var container = await NewContainerAsync();

        var ex = await Assert.ThrowsAsync<StorageException>(() => Store.AcquireLeaseAsync(container, "nope", TimeSpan.FromSeconds(15)));

        Assert.Equal(HttpStatusCode.NotFound, ex.Status);
    }

    [Fact]
    public async Task Upload_LeasedBlobWithoutLeaseId_ThrowsConflict()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "b", Text("one"));
        await Store.AcquireLeaseAsync(container, "b", TimeSpan.FromSeconds(30));

        var ex = await Assert.ThrowsAsync<StorageConflictException>(() => Store.UploadAsync(container, "b", Text("two")));

        Assert.Equal(HttpStatusCode.PreconditionFailed, ex.Status);
        Assert.Equal("one", await ReadTextAsync(container, "b"));
    }

    [Fact]
    public async Task Upload_LeasedBlobWithWrongLeaseId_ThrowsConflict()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "b", Text("one"));
        await Store.AcquireLeaseAsync(container, "b", TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<StorageConflictException>(() => Store.UploadAsync(container, "b", Text("two"), new BlobWriteOptions { LeaseId = Guid.NewGuid().ToString() }));
    }

    [Fact]
    public async Task Upload_LeasedBlobWithLeaseId_OverwritesAndKeepsLease()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "b", Text("one"));
        var leaseId = await Store.AcquireLeaseAsync(container, "b", TimeSpan.FromSeconds(30));

        await Store.UploadAsync(container, "b", Text("two"), new BlobWriteOptions { LeaseId = leaseId });

        Assert.Equal("two", await ReadTextAsync(container, "b"));
        await Assert.ThrowsAsync<StorageConflictException>(() => Store.AcquireLeaseAsync(container, "b", TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task DeleteAndSetMetadata_LeasedBlob_ThrowConflict()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "b", Text("one"));
        await Store.AcquireLeaseAsync(container, "b", TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<StorageConflictException>(() => Store.DeleteAsync(container, "b"));
        await Assert.ThrowsAsync<StorageConflictException>(() => Store.SetMetadataAsync(container, "b", new Dictionary<string, string> { ["k"] = "v" }));
    }

    [Fact]
    public async Task RenewLease_WithHolderId_SucceedsAndWrongId_ThrowsConflict()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "b", Text("one"));
        var leaseId = await Store.AcquireLeaseAsync(container, "b", TimeSpan.FromSeconds(15));

        await Store.RenewLeaseAsync(container, "b", leaseId);

        await Assert.ThrowsAsync<StorageConflictException>(() => Store.RenewLeaseAsync(container, "b", Guid.NewGuid().ToString()));
    }

    [Fact]
    public async Task ReleaseLease_ThenAnotherAcquire_Succeeds()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "b", Text("one"));
        var first = await Store.AcquireLeaseAsync(container, "b", TimeSpan.FromSeconds(60));

        await Store.ReleaseLeaseAsync(container, "b", first);
        var second = await Store.AcquireLeaseAsync(container, "b", TimeSpan.FromSeconds(15));

        Assert.NotEqual(first, second);
        await Store.UploadAsync(container, "b", Text("two"), new BlobWriteOptions { LeaseId = second });
    }

    [Fact]
    public async Task ReleaseLease_TwiceOrOnMissingBlob_DoesNotThrow()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "b", Text("one"));
        var leaseId = await Store.AcquireLeaseAsync(container, "b", TimeSpan.FromSeconds(15));

        await Store.ReleaseLeaseAsync(container, "b", leaseId);
        await Store.ReleaseLeaseAsync(container, "b", leaseId);
        await Store.ReleaseLeaseAsync(container, "nope", leaseId);

        Assert.True(await Store.DeleteAsync(container, "b"));
    }
}
