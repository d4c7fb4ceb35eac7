using System.Net;
using System.Text.Json;
using Augment.Durable;
using Augment.Functions.Tests.Support;
using Augment.Pipeline;

namespace Augment.Functions.Tests.Functions;

public class DatasetUploadedFunctionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Invoke_HostBlobPayload_StartsOneRunPerContent(bool plain)
    {
        await using var handler = await TestHandler.StartAsync();
        await handler.UploadAsync("datasets", "adult/data.csv", SampleCsv.Make(50, 1));
        var etag = (await handler.Blobs.GetPropertiesAsync("datasets", "adult/data.csv"))!.ETag.Value;

        using var first = await handler.InvokeAsync("DatasetUploaded", HostPayloads.Blob("datasets", "adult/data.csv", etag, plain));
        using var second = await handler.InvokeAsync("DatasetUploaded", HostPayloads.Blob("datasets", "adult/data.csv", etag, plain));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var body = await AssertContractBodyAsync(first);
        Assert.Contains("started run adult-", body.GetProperty("Logs")[0].GetString());
        var secondLog = (await AssertContractBodyAsync(second)).GetProperty("Logs")[0].GetString();
        Assert.Contains("already exists", secondLog);
        var runs = (await handler.Client.ListInstancesAsync(new InstanceQuery { InstanceIdPrefix = "adult-", FetchInputsAndOutputs = true })).Instances;
        var run = Assert.Single(runs);
        var request = run.ReadInputAs<AugmentRequest>()!;
        Assert.Equal(("adult", "datasets", "adult/data.csv", "upload"), (request.Dataset, request.Container, request.BlobName, request.Trigger));
    }

    [Fact]
    public async Task Invoke_NoNameToken_RebuildsTheBlobNameFromUri()
    {
        await using var handler = await TestHandler.StartAsync();
        await handler.UploadAsync("datasets", "my set/part 1.csv", SampleCsv.Make(30, 2));

        using var response = await handler.InvokeAsync("DatasetUploaded", HostPayloads.Blob("datasets", "my%20set/part%201.csv", "\"0x1\"", includeName: false));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single((await handler.Client.ListInstancesAsync(new InstanceQuery { InstanceIdPrefix = "my-set-" })).Instances);
    }

    [Theory]
    [InlineData("adult/augment.json")]
    [InlineData("loose.csv")]
    public async Task Invoke_NotADatasetCsv_AcknowledgedWithoutARun(string blobName)
    {
        await using var handler = await TestHandler.StartAsync();
        await handler.UploadAsync("datasets", blobName, "{}");

        using var response = await handler.InvokeAsync("DatasetUploaded", HostPayloads.Blob("datasets", blobName, "\"0x1\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ignored", (await AssertContractBodyAsync(response)).GetProperty("Logs")[0].GetString());
        Assert.Empty((await handler.Client.ListInstancesAsync()).Instances);
    }

    [Fact]
    public async Task Invoke_BlobDeletedSinceTheTrigger_AcknowledgedWithoutARun()
    {
        await using var handler = await TestHandler.StartAsync();

        using var response = await handler.InvokeAsync("DatasetUploaded", HostPayloads.Blob("datasets", "gone/data.csv", "\"0x1\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await handler.Client.ListInstancesAsync()).Instances);
    }

    [Fact]
    public async Task Invoke_NoBlobReference_400WithContractBody()
    {
        await using var handler = await TestHandler.StartAsync();

        using var response = await handler.InvokeAsync("DatasetUploaded", "{\"Data\":{},\"Metadata\":{\"sys\":{}}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var log = (await AssertContractBodyAsync(response)).GetProperty("Logs")[0].GetString()!;
        Assert.Contains("cannot tell which blob", log);
    }

    [Fact]
    public async Task Invoke_BodyNotJson_400()
    {
        await using var handler = await TestHandler.StartAsync();

        using var response = await handler.InvokeAsync("DatasetUploaded", "not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertContractBodyAsync(response);
    }

    /// <summary>Every invocation answer is JSON with Outputs (object), Logs (array of strings) and ReturnValue.</summary>
    internal static async Task<JsonElement> AssertContractBodyAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Outputs").ValueKind);
        Assert.All(body.GetProperty("Logs").EnumerateArray(), l => Assert.Equal(JsonValueKind.String, l.ValueKind));
        Assert.True(body.TryGetProperty("ReturnValue", out _));
        return body;
    }
}
