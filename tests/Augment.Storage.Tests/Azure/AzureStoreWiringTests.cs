using System.Net;
using System.Security.Cryptography;
using System.Xml.Linq;
using Augment.Storage.Tests.Fakes;

namespace Augment.Storage.Tests.Azure;

/// <summary>
/// How <see cref="StorageClients"/> wires the Azure SDK, seen on the wire through a recording transport: endpoints,
/// the pinned service version, options (retries, block size), credentials and the mapping of failures.
/// </summary>
public sealed class AzureStoreWiringTests
{
    private const string Date = "Fri, 21 Nov 2025 12:00:00 GMT";

    private static HttpResponseMessage Created(RecordedRequest _) =>
        RecordingHandler.Respond(HttpStatusCode.Created, null, ("ETag", "\"0x9\""), ("Last-Modified", Date));

    [Fact]
    public async Task FromConnectionString_DevelopmentStorage_SignsWithSharedKeyAtAzuriteDefaultsWithPinnedVersion()
    {
        var handler = new RecordingHandler(r => r.Method == "HEAD"
            ? RecordingHandler.Respond(HttpStatusCode.NotFound, null, ("x-ms-error-code", "BlobNotFound"))
            : RecordingHandler.Respond(HttpStatusCode.OK, null, ("x-ms-approximate-messages-count", "3")));
        var (blobs, queues) = StorageClients.FromConnectionString("UseDevelopmentStorage=true", handler.Options());

        Assert.Null(await blobs.GetPropertiesAsync("c", "dir/a b.csv"));
        Assert.Equal(3, await queues.GetApproximateCountAsync("jobs"));

        var (head, metadata) = (handler.Requests[0], handler.Requests[1]);
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/c/dir/a%20b.csv", head.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal("http://127.0.0.1:10001/devstoreaccount1/jobs", metadata.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal("metadata", metadata.Query("comp"));
        Assert.All(handler.Requests, r => Assert.Equal("2026-06-06", r.Headers["x-ms-version"]));
        Assert.All(handler.Requests, r => Assert.StartsWith("SharedKey devstoreaccount1:", r.Headers["Authorization"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task FromConnectionString_ExplicitEndpoints_UsesThemAndTheConfiguredServiceVersion()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Respond(HttpStatusCode.NotFound, null, ("x-ms-error-code", "BlobNotFound")));
        var options = handler.Options();
        options.ServiceVersion = "2021-12-02";
        var text = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={StorageConnectionString.DevelopmentAccountKey};"
            + "BlobEndpoint=http://127.0.0.1:41000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:41001/devstoreaccount1;";
        var (blobs, _) = StorageClients.FromConnectionString(text, options);

        Assert.Null(await blobs.GetPropertiesAsync("c", "b"));

        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://127.0.0.1:41000/devstoreaccount1/c/b", request.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal("2021-12-02", request.Headers["x-ms-version"]);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AccountName=a;AccountKey=not base64!")]
    [InlineData("")]
    public void FromConnectionString_Malformed_ThrowsFormatException(string text) =>
        Assert.ThrowsAny<FormatException>(() => StorageClients.FromConnectionString(text));

    [Fact]
    public void FromConnectionString_ServiceVersionTheSdkLacks_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => StorageClients.FromConnectionString("UseDevelopmentStorage=true", new StorageClientOptions { ServiceVersion = "2001-01-01" }));

    [Fact]
    public async Task UploadAsync_ServerBusyOnce_RetriesWithTheOptionsRetrySettings()
    {
        var calls = 0;
        var handler = new RecordingHandler(r => Interlocked.Increment(ref calls) == 1 ? RecordingHandler.Respond(HttpStatusCode.ServiceUnavailable) : Created(r));
        var (blobs, _) = StorageClients.FromConnectionString("UseDevelopmentStorage=true", handler.Options());

        var info = await blobs.UploadAsync("c", "b", new MemoryStream("x"u8.ToArray()));

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("x", r.BodyText));
        Assert.Equal((new ETag("\"0x9\""), 1L), (info.ETag, info.ContentLength));
    }

    [Fact]
    public async Task UploadAsync_ForwardOnlyStreamAboveBlockSize_StagesBlocksOfBlockSizeAndCommitsThemWithTheConditions()
    {
        var handler = new RecordingHandler(Created);
        var (blobs, _) = StorageClients.FromConnectionString("UseDevelopmentStorage=true", handler.Options(blockSize: 1024));
        using var source = new ReadTrackingStream(2500, seed: 3);

        var info = await blobs.UploadAsync("c", "b", source, new BlobWriteOptions { IfNoneMatchAny = true, ContentType = "text/csv" });

        var blocks = handler.Requests.Where(r => r.Uri.Query.Contains("comp=block&", StringComparison.Ordinal) || r.Uri.Query.EndsWith("comp=block", StringComparison.Ordinal)).ToList();
        var commit = Assert.Single(handler.Requests, r => r.Uri.Query.Contains("comp=blocklist", StringComparison.Ordinal));
        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal([452, 1024, 1024], blocks.Select(r => r.Body.Length).Order());
        Assert.All(blocks, r => Assert.False(r.Headers.ContainsKey("If-None-Match")));
        Assert.Equal("*", commit.Headers["If-None-Match"]);
        Assert.Equal("text/csv", commit.Headers["x-ms-blob-content-type"]);
        var bodies = blocks.ToDictionary(r => r.Query("blockid"), r => r.Body);
        var committed = XDocument.Load(new MemoryStream(commit.Body)).Root!.Elements().Select(e => bodies[e.Value]).SelectMany(b => b).ToArray();
        Assert.Equal(Convert.ToHexString(source.Sha256()), Convert.ToHexString(SHA256.HashData(committed)));
        Assert.InRange(source.LargestReadRequest, 1, 1024);
        Assert.Equal(2500, info.ContentLength);
        Assert.Equal("text/csv", info.ContentType);
    }

    [Fact]
    public async Task ListPageAsync_ForbiddenWithErrorBody_ThrowsStatusCodeAndOneLineMessage()
    {
        const string body = "<?xml version=\"1.0\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.\nRequestId:1</Message></Error>";
        var handler = new RecordingHandler(_ => RecordingHandler.Respond(HttpStatusCode.Forbidden, body, ("x-ms-error-code", "AuthenticationFailed"), ("Content-Type", "application/xml")));
        var (blobs, _) = StorageClients.FromConnectionString("UseDevelopmentStorage=true", handler.Options());

        var ex = await Assert.ThrowsAsync<StorageException>(() => blobs.ListPageAsync("c"));

        Assert.IsNotType<StorageConflictException>(ex);
        Assert.Equal(HttpStatusCode.Forbidden, ex.Status);
        Assert.Equal("AuthenticationFailed", ex.ErrorCode);
        Assert.StartsWith("List blobs in 'c' failed: 403 Forbidden (AuthenticationFailed)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task ListPageAsync_UnquotedETagsAndMarker_AreNormalisedAndPassedOn()
    {
        const string body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Blobs><Blob><Name>a</Name><Properties>"
            + $"<Last-Modified>{Date}</Last-Modified><Etag>0x8D1</Etag><Content-Length>3</Content-Length><Content-Type>text/plain</Content-Type>"
            + "</Properties><Metadata><Stage>x</Stage></Metadata></Blob></Blobs><NextMarker>b</NextMarker></EnumerationResults>";
        var handler = new RecordingHandler(_ => RecordingHandler.Respond(HttpStatusCode.OK, body, ("Content-Type", "application/xml")));
        var (blobs, _) = StorageClients.FromConnectionString("UseDevelopmentStorage=true", handler.Options());

        var page = await blobs.ListPageAsync("c", "pre", "m0", 2);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(("container", "list", "metadata", "pre", "m0", "2"),
            (request.Query("restype"), request.Query("comp"), request.Query("include").ToLowerInvariant(), request.Query("prefix"), request.Query("marker"), request.Query("maxresults")));
        var item = Assert.Single(page.Items);
        Assert.Equal(new ETag("\"0x8D1\""), item.ETag);
        Assert.Equal("x", item.Metadata["stage"]);
        Assert.Equal(("text/plain", 3L), (item.ContentType, item.ContentLength));
        Assert.Equal("b", page.ContinuationToken);
    }

    [Fact]
    public async Task DeleteMessageAsync_PopReceiptMismatch_ThrowsConflict()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Respond(HttpStatusCode.BadRequest, null, ("x-ms-error-code", "PopReceiptMismatch")));
        var (_, queues) = StorageClients.FromConnectionString("UseDevelopmentStorage=true", handler.Options());

        var ex = await Assert.ThrowsAsync<StorageConflictException>(() => queues.DeleteMessageAsync("jobs", "m1", "p/1+="));

        Assert.Equal(HttpStatusCode.BadRequest, ex.Status);
        Assert.Equal("p/1+=", Assert.Single(handler.Requests).Query("popreceipt"));
    }

    [Fact]
    public async Task DeleteMessageAsync_OtherBadRequest_ThrowsPlainStorageException()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Respond(HttpStatusCode.BadRequest, null, ("x-ms-error-code", "InvalidQueryParameterValue")));
        var (_, queues) = StorageClients.FromConnectionString("UseDevelopmentStorage=true", handler.Options());

        var ex = await Assert.ThrowsAsync<StorageException>(() => queues.DeleteMessageAsync("jobs", "m1", "p1"));

        Assert.IsNotType<StorageConflictException>(ex);
        Assert.Equal("InvalidQueryParameterValue", ex.ErrorCode);
    }

    [Fact]
    public async Task SendAsync_Text_PostsBase64Utf8WithDelayAndTtl()
    {
        const string reply = "<QueueMessagesList><QueueMessage><MessageId>m1</MessageId>"
            + $"<InsertionTime>{Date}</InsertionTime><ExpirationTime>{Date}</ExpirationTime><PopReceipt>p1</PopReceipt>"
            + $"<TimeNextVisible>{Date}</TimeNextVisible></QueueMessage></QueueMessagesList>";
        var handler = new RecordingHandler(_ => RecordingHandler.Respond(HttpStatusCode.Created, reply, ("Content-Type", "application/xml")));
        var (_, queues) = StorageClients.FromConnectionString("UseDevelopmentStorage=true", handler.Options());

        var receipt = await queues.SendAsync("jobs", "Grüße <&>", TimeSpan.FromSeconds(1.2), TimeSpan.FromMinutes(1));

        var request = Assert.Single(handler.Requests);
        Assert.Equal(("POST", "/devstoreaccount1/jobs/messages"), (request.Method, request.Uri.AbsolutePath));
        Assert.Equal(("2", "60"), (request.Query("visibilitytimeout"), request.Query("messagettl")));
        var text = XDocument.Load(new MemoryStream(request.Body)).Root!.Element("MessageText")!.Value;
        Assert.Equal("Grüße <&>", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(text)));
        Assert.Equal(("m1", "p1"), (receipt.MessageId, receipt.PopReceipt));
    }

    [Fact]
    public async Task FromCredential_TokenCredential_SendsBearerTokenForStorageScope()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Respond(HttpStatusCode.NotFound, null, ("x-ms-error-code", "BlobNotFound")));
        var credential = new FakeCredential();
        var (blobs, _) = StorageClients.FromCredential(new Uri("https://acct.blob.core.windows.net"), new Uri("https://acct.queue.core.windows.net"), credential, handler.Options());

        Assert.Null(await blobs.GetPropertiesAsync("c", "b"));

        Assert.Equal("Bearer token-1", Assert.Single(handler.Requests).Headers["Authorization"]);
        Assert.Equal(["https://storage.azure.com/.default"], credential.Scopes);
    }

    [Fact]
    public void Decode_TextThatIsNotBase64_IsReturnedUnchanged()
    {
        Assert.Equal("plain text!", AzureQueueStore.Decode("plain text!"));
        Assert.Equal("ok", AzureQueueStore.Decode(AzureQueueStore.Encode("ok")));
    }

    private sealed class FakeCredential : global::Azure.Core.TokenCredential
    {
        public string[] Scopes { get; private set; } = [];

        public override global::Azure.Core.AccessToken GetToken(global::Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes = requestContext.Scopes;
            return new global::Azure.Core.AccessToken("token-1", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<global::Azure.Core.AccessToken> GetTokenAsync(global::Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
