using System.Net;
using System.Security.Cryptography;
using System.Text;
using Augment.Storage.Tests.Fakes;

namespace Augment.Storage.Tests.Rest;

public sealed class SharedKeyPolicyTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void BuildStringToSign_HandWorkedPutBlock_MatchesSpecificationLayout()
    {
        var uri = new Uri("http://127.0.0.1:10000/devstoreaccount1/mycontainer/my%20blob.txt?comp=block&blockid=QUFB%2BQQ%3D%3D");
        string[] standard = ["", "", "5", "", "text/plain", "", "", "\"0x1\"", "", "", ""];
        (string, string)[] ms = [("x-ms-version", "2021-12-02"), ("x-ms-date", "Fri, 21 Nov 2025 12:00:00 GMT")];

        var actual = SharedKeyPolicy.BuildStringToSign("devstoreaccount1", "put", uri, standard, ms);

        const string expected =
            "PUT\n" + "\n" + "\n" + "5\n" + "\n" + "text/plain\n" + "\n" + "\n" + "\"0x1\"\n" + "\n" + "\n" + "\n"
            + "x-ms-date:Fri, 21 Nov 2025 12:00:00 GMT\n"
            + "x-ms-version:2021-12-02\n"
            + "/devstoreaccount1/devstoreaccount1/mycontainer/my%20blob.txt\n"
            + "blockid:QUFB+QQ==\n"
            + "comp:block";
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void BuildStringToSign_RepeatedAndMixedCaseQuery_GroupsLowercasedNamesAndSortsValues()
    {
        var uri = new Uri("https://acct.queue.core.windows.net/q/messages?VisibilityTimeout=5&b=2&b=1");

        var actual = SharedKeyPolicy.BuildStringToSign("acct", "GET", uri, new string[11], []);

        Assert.EndsWith("\n/acct/q/messages\nb:1,2\nvisibilitytimeout:5", actual, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnSendingRequest_SignedRequest_CarriesDateAndHmacOfTheStringToSign()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Respond(HttpStatusCode.Created, null,
            ("ETag", "\"0x2\""), ("Last-Modified", "Fri, 21 Nov 2025 12:00:00 GMT")));
        var pipeline = StoragePipeline.WithSharedKey(
            new Uri("http://127.0.0.1:10000/devstoreaccount1"), StorageConnectionString.DevelopmentAccountName,
            StorageConnectionString.DevelopmentAccountKey, handler.Options(), new FixedClock(Now));
        var client = new BlobRestClient(pipeline);

        await client.UploadAsync("data", "a b.csv", new MemoryStream("hello"u8.ToArray()), new BlobWriteOptions { IfMatch = new ETag("\"0x1\"") });

        var request = Assert.Single(handler.Requests);
        var expected =
            "PUT\n\n\n5\n\n\n\n\n\"0x1\"\n\n\n\n"
            + "x-ms-blob-content-type:application/octet-stream\n"
            + "x-ms-blob-type:BlockBlob\n"
            + $"x-ms-client-request-id:{request.Headers["x-ms-client-request-id"]}\n"
            + "x-ms-date:Fri, 21 Nov 2025 12:00:00 GMT\n"
            + "x-ms-return-client-request-id:true\n"
            + "x-ms-version:2021-12-02\n"
            + "/devstoreaccount1/devstoreaccount1/data/a%20b.csv";
        var key = Convert.FromBase64String(StorageConnectionString.DevelopmentAccountKey);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(expected)));
        Assert.Equal("Fri, 21 Nov 2025 12:00:00 GMT", request.Headers["x-ms-date"]);
        Assert.Equal($"SharedKey devstoreaccount1:{signature}", request.Headers["Authorization"]);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
