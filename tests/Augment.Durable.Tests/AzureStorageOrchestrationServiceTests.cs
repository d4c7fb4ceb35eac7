using Augment.Durable.AzureStorage;
using Augment.Durable.Tests.Orchestrations;
using Augment.Storage;

namespace Augment.Durable.Tests;

/// <summary>The conformance suite on the Azure Storage backend over the in-memory blob and queue stores, plus its layout.</summary>
public sealed class AzureStorageOrchestrationServiceTests : ClockedConformanceTests
{
    private protected override (IOrchestrationService First, IOrchestrationService Second) CreateServices(DurableTaskOptions options, TimeProvider timeProvider)
    {
        var blobs = new InMemoryBlobStore(timeProvider);
        var queues = new InMemoryQueueStore(timeProvider);
        return (new AzureStorageOrchestrationService(blobs, queues, options, null, timeProvider), new AzureStorageOrchestrationService(blobs, queues, options, null, timeProvider));
    }

    [Fact]
    public async Task CreateIfNotExists_DefaultOptions_CreatesHubQueuesAndContainers()
    {
        var queues = new InMemoryQueueStore();
        var blobs = new InMemoryBlobStore();
        using var service = new AzureStorageOrchestrationService(blobs, queues, new DurableTaskOptions { TaskHub = "MyHub" });

        await service.CreateIfNotExistsAsync();

        Assert.Equal(["myhub-control-00", "myhub-control-01", "myhub-control-02", "myhub-control-03"], service.ControlQueueNames);
        Assert.Equal("myhub-workitems", service.WorkItemQueueName);
        foreach (var queue in service.ControlQueueNames.Append(service.WorkItemQueueName))
        {
            Assert.Equal(0, await queues.GetApproximateCountAsync(queue));
        }

        Assert.Empty((await blobs.ListPageAsync("myhub-instances")).Items);
        Assert.Empty((await blobs.ListPageAsync("myhub-history")).Items);
    }

    [Fact]
    public async Task ScheduleNew_Instance_StartMessageOnItsPartitionAndStateBlobPending()
    {
        var queues = new InMemoryQueueStore();
        var blobs = new InMemoryBlobStore();
        using var service = new AzureStorageOrchestrationService(blobs, queues, new DurableTaskOptions { TaskHub = "hub1" });
        await service.CreateIfNotExistsAsync();

        await new DurableTaskClient(service).ScheduleNewOrchestrationInstanceAsync("X", 1, "instance-42");

        var partition = (int)(TaskHubLayout.Fnv1a("instance-42") % 4);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(i == partition ? 1 : 0, await queues.GetApproximateCountAsync($"hub1-control-{i:00}"));
        }

        var blob = Assert.Single((await blobs.ListPageAsync("hub1-instances")).Items);
        Assert.Equal("instance-42", blob.Name);
        Assert.Equal("Pending", blob.Metadata["RuntimeStatus"]);
    }

    [Fact]
    public async Task LockNext_UnreadableControlMessage_IsDeleted()
    {
        var queues = new InMemoryQueueStore();
        using var service = new AzureStorageOrchestrationService(new InMemoryBlobStore(), queues, new DurableTaskOptions { TaskHub = "hub1", PartitionCount = 1 });
        await service.CreateIfNotExistsAsync();
        await queues.SendAsync("hub1-control-00", "not json");

        var item = await service.LockNextOrchestrationWorkItemAsync();

        Assert.Null(item);
        Assert.Equal(0, await queues.GetApproximateCountAsync("hub1-control-00"));
    }

    [Fact]
    public async Task Complete_StateETagMovedAfterLock_StateRewrittenFromCommittedEpisode()
    {
        var queues = new InMemoryQueueStore();
        var blobs = new InMemoryBlobStore();
        using var service = new AzureStorageOrchestrationService(blobs, queues, new DurableTaskOptions { TaskHub = "hub1", PartitionCount = 1 });
        await service.CreateIfNotExistsAsync();
        var id = await new DurableTaskClient(service).ScheduleNewOrchestrationInstanceAsync(Orchestrations.TestOrchestrations.OneActivity, "v");
        var item = await service.LockNextOrchestrationWorkItemAsync();

        // A late state write (same content) from elsewhere moves the state blob's ETag under the locked work item.
        using var copy = new MemoryStream();
        await using (var download = await blobs.OpenReadAsync("hub1-instances", id))
        {
            await download!.Content.CopyToAsync(copy);
        }

        copy.Position = 0;
        await blobs.UploadAsync("hub1-instances", id, copy);
        var committed = await NewProcessor(new DurableTaskRegistry().AddCommon(), TimeProvider.System).ProcessAsync(service, item!, CancellationToken.None);

        Assert.True(committed);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await service.GetInstanceStateAsync(id))?.RuntimeStatus);
        Assert.Single((await service.GetHistoryAsync(id)).OfType<TaskScheduledEvent>());
    }
}
