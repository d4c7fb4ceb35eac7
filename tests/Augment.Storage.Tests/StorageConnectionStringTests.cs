namespace Augment.Storage.Tests;

public sealed class StorageConnectionStringTests
{
    [Fact]
    public void Parse_UseDevelopmentStorage_ReturnsWellKnownAccountOnDefaultPorts()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.StartsWith("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq", parsed.AccountKey, StringComparison.Ordinal);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), parsed.QueueEndpoint);
    }

    [Fact]
    public void Parse_ExplicitEndpoints_UsesThem()
    {
        var text = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={StorageConnectionString.DevelopmentAccountKey};"
            + "BlobEndpoint=http://127.0.0.1:41000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:41001/devstoreaccount1/;";

        var parsed = StorageConnectionString.Parse(text);

        Assert.Equal(new Uri("http://127.0.0.1:41000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:41001/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(parsed, StorageConnectionString.Parse(parsed.ToString()));
    }

    [Fact]
    public void Parse_AccountWithSuffix_DerivesServiceEndpoints()
    {
        var parsed = StorageConnectionString.Parse("AccountName=augdata;AccountKey=a2V5;EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://augdata.blob.core.chinacloudapi.cn"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("https://augdata.queue.core.chinacloudapi.cn"), parsed.QueueEndpoint);
    }

    [Theory]
    [InlineData("AccountName=a;EndpointSuffix=x", "AccountKey")]
    [InlineData("AccountKey=a2V5", "AccountName")]
    [InlineData("AccountName=a;AccountKey=not base64!", "AccountKey")]
    [InlineData("AccountName=a;AccountKey=a2V5;BlobEndpoint=ftp://x", "BlobEndpoint")]
    [InlineData("garbage", "garbage")]
    public void Parse_BadInput_ThrowsFormatExceptionNamingTheSetting(string text, string named)
    {
        var ex = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(text));

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        Assert.False(StorageConnectionString.TryParse(text, out _));
    }
}
