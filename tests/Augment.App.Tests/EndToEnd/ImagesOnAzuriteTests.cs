using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Augment.App.Tests.Support;
using Augment.Images;
using Augment.Pipeline;
using Augment.Storage;

namespace Augment.App.Tests.EndToEnd;

/// <summary>
/// An image dataset through the local host as the demo runs it: <c>datasets/{name}/images.zip</c> (with a labels.csv)
/// uploaded to a real Azurite, the blob trigger starting the run, the image branch on DTFx's Azure Storage backend, the
/// run followed through the Durable Functions status route, and the published blobs read back.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ImagesOnAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Upload_ImagesZip_BlobTriggerRunsTheImageBranch_PublishesRealPlusSyntheticImagesAndAReport()
    {
        await using var host = await TestHost.StartAsync(azurite: azurite.Emulator, runTriggers: true);
        var blobs = StorageClients.FromConnectionString(azurite.Emulator.ConnectionString).Blobs;
        var dataset = "img" + Guid.NewGuid().ToString("N")[..8];
        var archive = TwoClassImages.Archive(20, site: true);
        await blobs.CreateContainerIfNotExistsAsync(WorkArea.DatasetsContainer);
        await blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/augment.json", new MemoryStream(Encoding.UTF8.GetBytes(SampleImages.Spec)));
        await blobs.UploadAsync(WorkArea.DatasetsContainer, $"{dataset}/images.zip", new MemoryStream(archive));
        var source = await blobs.GetPropertiesAsync(WorkArea.DatasetsContainer, $"{dataset}/images.zip");

        var run = await host.Client.WaitForRunAsync(dataset + "-", TestHost.DefaultTimeout);
        var (status, body) = await host.Http.WaitForWebhookEndAsync(run.InstanceId, TimeSpan.FromMinutes(4));

        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {body}");
        using var statusJson = JsonDocument.Parse(body);
        Assert.Equal("Completed", statusJson.RootElement.GetProperty("runtimeStatus").GetString());
        var output = statusJson.RootElement.GetProperty("output");
        Assert.Equal(40, Property(output, "realRows").GetInt32());
        var synthetic = Property(output, "syntheticRows").GetInt32();
        Assert.InRange(synthetic, 1, 24);

        // The published blobs: one PNG per kept synthetic image under synthetic/{class}/, and the three files.
        var prefix = WorkArea.OutputPrefix(dataset, run.InstanceId);
        var pngs = (await blobs.ListPageAsync(WorkArea.OutputContainer, prefix + "synthetic/")).Items.Select(b => b.Name[prefix.Length..]).ToList();
        Assert.Equal(synthetic, pngs.Count);
        Assert.All(pngs, p => Assert.Matches(@"^synthetic/(dark-left|dark-right)/synthetic-\d{5}\.png$", p));

        // augmented.zip: the 40 uploaded images plus the synthetic ones, with labels.csv still one row per image.
        var augmented = ImageArchive.Read(new MemoryStream(await Bytes(blobs, prefix + "augmented.zip")), new ImageReadOptions(Size: 8));
        Assert.Equal(40 + synthetic, augmented.Count);
        Assert.Equal(synthetic, augmented.Names!.Count(n => n.Contains("/synthetic-", StringComparison.Ordinal)));
        var site = Assert.Single(augmented.Attributes!);
        Assert.Equal(synthetic, site.Values.Count(v => v.Length == 0));

        using var report = JsonDocument.Parse(await Bytes(blobs, prefix + "report.json"));
        var root = report.RootElement;
        Assert.Equal(("images", run.InstanceId), (root.GetProperty("kind").GetString(), root.GetProperty("runId").GetString()));
        Assert.Equal(["dark-left", "dark-right"], root.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(synthetic, root.GetProperty("evaluation").GetProperty("kept").GetInt32());
        Assert.Equal(4, root.GetProperty("evaluation").GetProperty("utility").GetProperty("arms").GetArrayLength());
        var bias = Assert.Single(root.GetProperty("evaluation").GetProperty("bias").EnumerateArray());
        Assert.Equal("site", bias.GetProperty("attribute").GetString());
        Assert.Equal(["north", "south"], bias.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("group").GetString()));
        var html = Encoding.UTF8.GetString(await Bytes(blobs, prefix + "report.html"));
        Assert.Contains("id=\"bias\"", html, StringComparison.Ordinal);

        // The dashboard's download route serves the image run's augmented.zip.
        using var download = await host.Http.GetAsync($"/api/dashboard/runs/{run.InstanceId}/files/augmented.zip");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await Bytes(blobs, prefix + "augmented.zip"), await download.Content.ReadAsByteArrayAsync());

        // The upload is untouched: same ETag, same bytes.
        Assert.Equal(source!.ETag, (await blobs.GetPropertiesAsync(WorkArea.DatasetsContainer, $"{dataset}/images.zip"))!.ETag);
        Assert.Equal(archive, await Bytes(blobs, $"{dataset}/images.zip", WorkArea.DatasetsContainer));
    }

    /// <summary>The output's property whatever the serializer's casing.</summary>
    private static JsonElement Property(JsonElement element, string name) =>
        element.EnumerateObject().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static async Task<byte[]> Bytes(IBlobStore blobs, string name, string container = WorkArea.OutputContainer)
    {
        await using var download = await blobs.OpenReadAsync(container, name) ?? throw new FileNotFoundException($"{container}/{name}");
        using var copy = new MemoryStream();
        await download.Content.CopyToAsync(copy);
        return copy.ToArray();
    }
}
