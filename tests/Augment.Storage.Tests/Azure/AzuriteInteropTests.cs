using Augment.Storage.Tests.Emulator;
using Augment.Storage.Tests.Fakes;
using Azure.Storage.Queues;

namespace Augment.Storage.Tests.Azure;

/// <summary>
/// The store's queue messages as other SDK users (the Functions host's queue trigger, base64 by default) see them,
/// and messages other producers sent unencoded, on the shared Azurite.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteInteropTests(AzuriteFixture azurite)
{
    private readonly IQueueStore _queues = StorageClients.FromConnectionString(azurite.ConnectionString).Queues;

    [Fact]
    public async Task SendAsync_Text_IsReadByABase64SdkClientAsTheSameText()
    {
        var queue = Names.Unique("q");
        await _queues.CreateQueueIfNotExistsAsync(queue);
        var client = new QueueClient(azurite.ConnectionString, queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

        await _queues.SendAsync(queue, "{\"run\":\"Grüße ✓\"}");

        var message = Assert.Single((await client.ReceiveMessagesAsync(1)).Value);
        Assert.Equal("{\"run\":\"Grüße ✓\"}", message.Body.ToString());
    }

    [Fact]
    public async Task ReceiveAsync_MessageSentUnencoded_ReturnsItsTextUnchanged()
    {
        var queue = Names.Unique("q");
        await _queues.CreateQueueIfNotExistsAsync(queue);
        var client = new QueueClient(azurite.ConnectionString, queue);

        await client.SendMessageAsync("plain text!");

        Assert.Equal("plain text!", Assert.Single(await _queues.ReceiveAsync(queue, 1, TimeSpan.FromSeconds(30))).Text);
    }
}
