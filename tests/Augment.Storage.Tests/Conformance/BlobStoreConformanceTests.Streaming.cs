using System.Security.Cryptography;
using Augment.Storage.Tests.Fakes;

namespace Augment.Storage.Tests.Conformance;

public abstract partial class BlobStoreConformanceTests
{
    private const int BlockSize = 4 * 1024 * 1024;

    [Fact]
    public async Task Upload_24MiBForwardOnlyStream_RoundTripsSha256AndReadsInBoundedChunks()
    {
        var container = await NewContainerAsync();
        const long length = (24L * 1024 * 1024) + 12345;
        using var source = new ReadTrackingStream(length, seed: 7);

        var written = await Store.UploadAsync(container, "big.bin", source, new BlobWriteOptions { Metadata = new Dictionary<string, string> { ["kind"] = "big" } });
        var expected = source.Sha256();
        await using var download = await Store.OpenReadAsync(container, "big.bin");
        Assert.NotNull(download);
        var actual = await SHA256.HashDataAsync(download.Content);

        Assert.Equal(length, written.ContentLength);
        Assert.Equal(length, download.Info.ContentLength);
        Assert.Equal("big", download.Info.Metadata["kind"]);
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(actual));
        Assert.InRange(source.LargestReadRequest, 1, BlockSize);
        Assert.True(source.ReadCalls >= length / BlockSize, $"only {source.ReadCalls} reads");
    }
}
