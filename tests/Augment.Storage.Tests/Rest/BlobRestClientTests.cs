using System.Net;
using System.Text;
using System.Xml.Linq;
using Augment.Storage.Tests.Fakes;

namespace Augment.Storage.Tests.Rest;

public sealed class BlobRestClientTests
{
    private const string Date = "Fri, 21 Nov 2025 12:00:00 GMT";

    private static (BlobRestClient Client, RecordingHandler Handler) Create(Func<RecordedRequest, HttpResponseMessage> respond, int blockSize = 4 * 1024 * 1024)
    {
        var handler = new RecordingHandler(respond);
        var pipeline = StoragePipeline.WithSharedKey(new Uri("http://127.0.0.1:10000/devstoreaccount1"), "devstoreaccount1",
            StorageConnectionString.DevelopmentAccountKey, handler.Options(blockSize));
        return (new BlobRestClient(pipeline), handler);
    }

    private static HttpResponseMessage Created(RecordedRequest _) =>
        RecordingHandler.Respond(HttpStatusCode.Created, null, ("ETag", "\"0x9\""), ("Last-Modified", Date));

    [Fact]
    public async Task UploadAsync_ContentAboveBlockSize_PutsEqualBlocksThenCommitsThemInOrder()
    {
        var (client, handler) = Create(Created, blockSize: 1024);
        var content = Enumerable.Range(0, 2500).Select(i => (byte)i).ToArray();

        var info = await client.UploadAsync("c", "b", new MemoryStream(content), new BlobWriteOptions { IfNoneMatchAny = true, ContentType = "text/csv" });

        var requests = handler.Requests;
        Assert.Equal(4, requests.Count);
        var blocks = requests.Take(3).ToList();
        Assert.All(blocks, r => Assert.Equal("block", r.Query("comp")));
        Assert.Equal([1024, 1024, 452], blocks.Select(r => r.Body.Length));
        Assert.Equal(content, blocks.SelectMany(r => r.Body));
        Assert.Single(blocks.Select(r => r.Query("blockid").Length).Distinct());
        Assert.All(blocks, r => Assert.False(r.Headers.ContainsKey("If-None-Match")));
        var commit = requests[3];
        Assert.Equal("blocklist", commit.Query("comp"));
        Assert.Equal("*", commit.Headers["If-None-Match"]);
        Assert.Equal("text/csv", commit.Headers["x-ms-blob-content-type"]);
        Assert.Equal(blocks.Select(r => r.Query("blockid")), XDocument.Parse(commit.BodyText).Root!.Elements("Latest").Select(e => e.Value));
        Assert.Equal(2500, info.ContentLength);
        Assert.Equal(new ETag("\"0x9\""), info.ETag);
    }

    [Fact]
    public async Task UploadAsync_ContentBelowBlockSize_SendsOnePutBlobWithMetadata()
    {
        var (client, handler) = Create(Created, blockSize: 1024);

        await client.UploadAsync("c", "dir/b.json", new MemoryStream(new byte[1023]), new BlobWriteOptions { Metadata = new Dictionary<string, string> { ["runId"] = "r1" } });

        var request = Assert.Single(handler.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/devstoreaccount1/c/dir/b.json", request.Uri.AbsolutePath);
        Assert.Equal("BlockBlob", request.Headers["x-ms-blob-type"]);
        Assert.Equal("r1", request.Headers["x-ms-meta-runId"]);
        Assert.Equal(1023, request.Body.Length);
    }

    [Fact]
    public async Task UploadAsync_ExactlyOneBlock_UsesBlocksAndCommits()
    {
        var (client, handler) = Create(Created, blockSize: 1024);

        await client.UploadAsync("c", "b", new MemoryStream(new byte[1024]));

        Assert.Equal(["block", "blocklist"], handler.Requests.Select(r => r.Query("comp")));
    }

    [Fact]
    public async Task SendAsync_ServerBusyOnce_RetriesAndSucceeds()
    {
        var calls = 0;
        var (client, handler) = Create(r => Interlocked.Increment(ref calls) == 1 ? RecordingHandler.Respond(HttpStatusCode.ServiceUnavailable) : Created(r));

        await client.UploadAsync("c", "b", new MemoryStream("x"u8.ToArray()));

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("x", r.BodyText));
    }

    [Fact]
    public async Task GetPropertiesAsync_ForbiddenWithErrorBody_ThrowsWithStatusCodeAndOneLineMessage()
    {
        const string body = "<?xml version=\"1.0\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.\nRequestId:1</Message></Error>";
        var (client, _) = Create(_ => RecordingHandler.Respond(HttpStatusCode.Forbidden, body, ("x-ms-error-code", "AuthenticationFailed")));

        var ex = await Assert.ThrowsAsync<StorageException>(() => client.ListPageAsync("c"));

        Assert.IsNotType<StorageConflictException>(ex);
        Assert.Equal(HttpStatusCode.Forbidden, ex.Status);
        Assert.Equal("AuthenticationFailed", ex.ErrorCode);
        Assert.Contains("Server failed to authenticate the request.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("RequestId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPageAsync_SendsListQueryAndParsesUnquotedETagsAndMarker()
    {
        const string body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Blobs><Blob><Name>a</Name><Properties>"
            + $"<Last-Modified>{Date}</Last-Modified><Etag>0x8D1</Etag><Content-Length>3</Content-Length><Content-Type>text/plain</Content-Type>"
            + "</Properties><Metadata><Stage>x</Stage></Metadata></Blob></Blobs><NextMarker>b</NextMarker></EnumerationResults>";
        var (client, handler) = Create(_ => RecordingHandler.Respond(HttpStatusCode.OK, body));

        var page = await client.ListPageAsync("c", "pre", "m0", 2);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(("container", "list", "metadata", "pre", "m0", "2"),
            (request.Query("restype"), request.Query("comp"), request.Query("include"), request.Query("prefix"), request.Query("marker"), request.Query("maxresults")));
        var item = Assert.Single(page.Items);
        Assert.Equal(new ETag("\"0x8D1\""), item.ETag);
        Assert.Equal("x", item.Metadata["stage"]);
        Assert.Equal("b", page.ContinuationToken);
    }

    [Fact]
    public async Task Constructor_TokenCredential_SendsBearerTokenForStorageScope()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Respond(HttpStatusCode.NotFound));
        var credential = new FakeCredential();
        var client = new BlobRestClient(new Uri("https://acct.blob.core.windows.net"), credential, handler.Options());

        Assert.Null(await client.GetPropertiesAsync("c", "b"));

        Assert.Equal("Bearer token-1", Assert.Single(handler.Requests).Headers["Authorization"]);
        Assert.Equal(["https://storage.azure.com/.default"], credential.Scopes);
    }

    private sealed class FakeCredential : Azure.Core.TokenCredential
    {
        public string[] Scopes { get; private set; } = [];

        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes = requestContext.Scopes;
            return new Azure.Core.AccessToken("token-1", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
