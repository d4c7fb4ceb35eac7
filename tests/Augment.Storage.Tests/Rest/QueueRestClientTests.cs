using System.Net;
using System.Text;
using System.Xml.Linq;
using Augment.Storage.Tests.Fakes;

namespace Augment.Storage.Tests.Rest;

public sealed class QueueRestClientTests
{
    private const string Date = "Fri, 21 Nov 2025 12:00:00 GMT";

    private static (QueueRestClient Client, RecordingHandler Handler) Create(Func<RecordedRequest, HttpResponseMessage> respond)
    {
        var handler = new RecordingHandler(respond);
        var pipeline = StoragePipeline.WithSharedKey(new Uri("http://127.0.0.1:10001/devstoreaccount1"), "devstoreaccount1",
            StorageConnectionString.DevelopmentAccountKey, handler.Options());
        return (new QueueRestClient(pipeline), handler);
    }

    [Fact]
    public async Task SendAsync_Text_PostsBase64Utf8XmlWithDelayAndTtl()
    {
        const string reply = "<QueueMessagesList><QueueMessage><MessageId>m1</MessageId>"
            + $"<InsertionTime>{Date}</InsertionTime><ExpirationTime>{Date}</ExpirationTime><PopReceipt>p1</PopReceipt>"
            + $"<TimeNextVisible>{Date}</TimeNextVisible></QueueMessage></QueueMessagesList>";
        var (client, handler) = Create(_ => RecordingHandler.Respond(HttpStatusCode.Created, reply));

        var receipt = await client.SendAsync("jobs", "Grüße <&>", TimeSpan.FromSeconds(1.2), TimeSpan.FromMinutes(1));

        var request = Assert.Single(handler.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/devstoreaccount1/jobs/messages", request.Uri.AbsolutePath);
        Assert.Equal(("2", "60"), (request.Query("visibilitytimeout"), request.Query("messagettl")));
        var text = XDocument.Parse(request.BodyText).Root!.Element("MessageText")!.Value;
        Assert.Equal("Grüße <&>", Encoding.UTF8.GetString(Convert.FromBase64String(text)));
        Assert.Equal(("m1", "p1"), (receipt.MessageId, receipt.PopReceipt));
    }

    [Fact]
    public async Task DeleteMessageAsync_PopReceiptMismatch_ThrowsConflict()
    {
        var (client, handler) = Create(_ => RecordingHandler.Respond(HttpStatusCode.BadRequest, null, ("x-ms-error-code", "PopReceiptMismatch")));

        var ex = await Assert.ThrowsAsync<StorageConflictException>(() => client.DeleteMessageAsync("jobs", "m1", "p/1+="));

        Assert.Equal(HttpStatusCode.BadRequest, ex.Status);
        Assert.Equal("p/1+=", Assert.Single(handler.Requests).Query("popreceipt"));
    }

    [Fact]
    public async Task DeleteMessageAsync_OtherBadRequest_ThrowsPlainStorageException()
    {
        var (client, _) = Create(_ => RecordingHandler.Respond(HttpStatusCode.BadRequest, null, ("x-ms-error-code", "InvalidQueryParameterValue")));

        var ex = await Assert.ThrowsAsync<StorageException>(() => client.DeleteMessageAsync("jobs", "m1", "p1"));

        Assert.IsNotType<StorageConflictException>(ex);
    }

    [Fact]
    public void Decode_TextThatIsNotBase64_IsReturnedUnchanged()
    {
        Assert.Equal("plain text!", QueueRestClient.Decode("plain text!"));
        Assert.Equal("ok", QueueRestClient.Decode(Convert.ToBase64String("ok"u8.ToArray())));
    }
}
