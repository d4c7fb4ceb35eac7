using System.Net;

namespace Augment.Storage.Tests.Conformance;

public abstract partial class BlobStoreConformanceTests
{
    [Fact]
    public async Task ListPage_PageSizeTwoOverFiveBlobs_PagesThroughAllInNameOrder()
    {
        var container = await NewContainerAsync();
        foreach (var name in new[] { "e", "b", "d", "a", "c" })
        {
            await Store.UploadAsync(container, name, Text(name), new BlobWriteOptions { Metadata = new Dictionary<string, string> { ["letter"] = name } });
        }

        var pages = new List<BlobPage>();
        string? token = null;
        do
        {
            var page = await Store.ListPageAsync(container, continuationToken: token, pageSize: 2);
            pages.Add(page);
            token = page.ContinuationToken;
        }
        while (token is not null && pages.Count < 10);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
        var items = pages.SelectMany(p => p.Items).ToList();
        Assert.Equal(["a", "b", "c", "d", "e"], items.Select(i => i.Name));
        Assert.All(items, i => Assert.Equal(i.Name, i.Metadata["letter"]));
        Assert.All(items, i => Assert.Equal(1, i.ContentLength));
        Assert.All(items, i => Assert.Equal(container, i.Container));
    }

    [Fact]
    public async Task ListPage_WithPrefix_ReturnsOnlyMatchingBlobsWithUsableETags()
    {
        var container = await NewContainerAsync();
        await Store.UploadAsync(container, "work/1/a", Text("1"));
        var written = await Store.UploadAsync(container, "work/1/b", Text("2"));
        await Store.UploadAsync(container, "work/2/a", Text("3"));
        await Store.UploadAsync(container, "other", Text("4"));

        var page = await Store.ListPageAsync(container, prefix: "work/1/");

        Assert.Equal(["work/1/a", "work/1/b"], page.Items.Select(i => i.Name));
        Assert.Null(page.ContinuationToken);
        Assert.Equal(written.ETag, page.Items[1].ETag);
        Assert.True(await Store.DeleteAsync(container, "work/1/b", page.Items[1].ETag));
    }

    [Fact]
    public async Task ListPage_MissingContainer_ThrowsNotFound()
    {
        var ex = await Assert.ThrowsAsync<StorageException>(() => Store.ListPageAsync(Fakes.Names.Unique("missing")));

        Assert.Equal(HttpStatusCode.NotFound, ex.Status);
    }

    [Fact]
    public async Task Delete_IfMatchOnMissingBlob_ThrowsConflict()
    {
        var container = await NewContainerAsync();
        var written = await Store.UploadAsync(container, "b", Text("one"));
        await Store.DeleteAsync(container, "b");

        await Assert.ThrowsAsync<StorageConflictException>(() => Store.DeleteAsync(container, "b", written.ETag));
    }

    [Fact]
    public async Task Upload_NameWithSpacesAndUnicode_RoundTrips()
    {
        var container = await NewContainerAsync();
        const string name = "datasets/my data/Grüße €.csv";

        await Store.UploadAsync(container, name, Text("x"));

        Assert.Equal("x", await ReadTextAsync(container, name));
        Assert.Equal([name], (await Store.ListPageAsync(container, "datasets/")).Items.Select(i => i.Name));
    }
}
