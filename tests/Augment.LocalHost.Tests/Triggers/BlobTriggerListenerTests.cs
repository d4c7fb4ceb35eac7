using System.Text;
using Augment.LocalHost.Triggers;
using Augment.Storage;

namespace Augment.LocalHost.Tests.Triggers;

public class BlobTriggerListenerTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
    private readonly InMemoryBlobStore _blobs;
    private readonly InMemoryQueueStore _queues;
    private readonly List<BlobTriggerInvocation> _calls = [];

    public BlobTriggerListenerTests()
    {
        _blobs = new InMemoryBlobStore(_time);
        _queues = new InMemoryQueueStore(_time);
    }

    private BlobTriggerListener Listener(Func<BlobTriggerInvocation, Task>? function = null, string hostId = "testhost") => new(
        _blobs,
        _queues,
        new BlobTriggerOptions { HostId = hostId, FunctionName = "DatasetUploaded", Container = "datasets", Filter = n => n.EndsWith(".csv", StringComparison.Ordinal) },
        (call, _) =>
        {
            _calls.Add(call);
            return function?.Invoke(call) ?? Task.CompletedTask;
        },
        time: _time);

    private async Task<BlobInfo> PutAsync(string name, string text)
    {
        await _blobs.CreateContainerIfNotExistsAsync("datasets");
        return await _blobs.UploadAsync("datasets", name, new MemoryStream(Encoding.UTF8.GetBytes(text)));
    }

    private static async Task StartResourcesAsync(BlobTriggerListener listener)
    {
        await listener.StartAsync();
        await listener.StopAsync();
    }

    [Fact]
    public async Task ScanOnce_NewBlob_InvokesOnceWithItsETag()
    {
        var listener = Listener();
        await StartResourcesAsync(listener);
        var blob = await PutAsync("adult/adult.csv", "a,b\n1,2\n");

        Assert.Equal(1, await listener.ScanOnceAsync());
        await listener.ExecuteOnceAsync();
        Assert.Equal(0, await listener.ScanOnceAsync());
        await listener.ExecuteOnceAsync();

        var call = Assert.Single(_calls);
        Assert.Equal("adult/adult.csv", call.BlobName);
        Assert.Equal(blob.ETag.Value, call.ETag);
        Assert.Equal(1, call.DequeueCount);
    }

    [Fact]
    public async Task ScanOnce_WritesCompletedReceiptUnderHostsContainer()
    {
        var listener = Listener();
        await StartResourcesAsync(listener);
        var blob = await PutAsync("adult/adult.csv", "a\n1\n");

        await listener.ScanOnceAsync();

        var receipt = await _blobs.GetPropertiesAsync(BlobTriggerListener.HostsContainer,
            $"blobreceipts/testhost/Host.Functions.DatasetUploaded/{blob.ETag.Value.Trim('"')}/datasets/adult/adult.csv");
        Assert.NotNull(receipt);
        Assert.False(receipt.Metadata.ContainsKey("Incomplete"));
    }

    [Fact]
    public async Task ScanOnce_ChangedBlob_InvokesAgainForTheNewVersion()
    {
        var listener = Listener();
        await StartResourcesAsync(listener);
        await PutAsync("d/x.csv", "a\n1\n");
        await listener.ScanOnceAsync();
        await listener.ExecuteOnceAsync();

        var second = await PutAsync("d/x.csv", "a\n2\n");
        await listener.ScanOnceAsync();
        await listener.ExecuteOnceAsync();

        Assert.Equal(2, _calls.Count);
        Assert.Equal(second.ETag.Value, _calls[1].ETag);
    }

    [Fact]
    public async Task ScanOnce_NonMatchingBlob_IsIgnored()
    {
        var listener = Listener();
        await StartResourcesAsync(listener);
        await PutAsync("d/augment.json", "{}");

        Assert.Equal(0, await listener.ScanOnceAsync());
    }

    [Fact]
    public async Task ScanOnce_TwoHostsSharingStorage_OneInvocationPerVersion()
    {
        var first = Listener();
        var second = Listener();
        await StartResourcesAsync(first);
        await PutAsync("d/x.csv", "a\n1\n");

        var enqueued = await first.ScanOnceAsync() + await second.ScanOnceAsync();
        await first.ExecuteOnceAsync();
        await second.ExecuteOnceAsync();

        Assert.Equal(1, enqueued);
        Assert.Single(_calls);
    }

    [Fact]
    public async Task ExecuteOnce_BlobChangedAfterScan_DropsTheStaleMessage()
    {
        var listener = Listener();
        await StartResourcesAsync(listener);
        await PutAsync("d/x.csv", "a\n1\n");
        await listener.ScanOnceAsync();
        var newer = await PutAsync("d/x.csv", "a\n2\n");

        await listener.ExecuteOnceAsync();
        Assert.Empty(_calls);

        await listener.ScanOnceAsync();
        await listener.ExecuteOnceAsync();
        Assert.Equal(newer.ETag.Value, Assert.Single(_calls).ETag);
    }

    [Fact]
    public async Task ExecuteOnce_FunctionKeepsFailing_PoisonedAfterFiveAttempts()
    {
        var listener = Listener(_ => throw new InvalidOperationException("boom"));
        await StartResourcesAsync(listener);
        await PutAsync("d/x.csv", "a\n1\n");
        await listener.ScanOnceAsync();

        for (var i = 0; i < 10; i++)
        {
            await listener.ExecuteOnceAsync();
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal([1L, 2, 3, 4, 5], _calls.Select(c => c.DequeueCount));
        var poisoned = await _queues.ReceiveAsync(BlobTriggerListener.PoisonQueue, 32, TimeSpan.FromMinutes(1));
        Assert.Contains("\"BlobName\":\"d/x.csv\"", Assert.Single(poisoned).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteOnce_FailureThenSuccess_RetriesAndStops()
    {
        var failures = 2;
        var listener = Listener(_ => failures-- > 0 ? throw new InvalidOperationException("transient") : Task.CompletedTask);
        await StartResourcesAsync(listener);
        await PutAsync("d/x.csv", "a\n1\n");
        await listener.ScanOnceAsync();

        for (var i = 0; i < 6; i++)
        {
            await listener.ExecuteOnceAsync();
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(3, _calls.Count);
        Assert.Equal(0, await _queues.GetApproximateCountAsync(BlobTriggerListener.PoisonQueue));
    }

    [Fact]
    public async Task ScanOnce_ReceiptLeftIncompleteByACrashedScanner_TakenOverAfterTimeout()
    {
        var listener = Listener();
        await StartResourcesAsync(listener);
        var blob = await PutAsync("d/x.csv", "a\n1\n");
        await _blobs.CreateContainerIfNotExistsAsync(BlobTriggerListener.HostsContainer);
        await _blobs.UploadAsync(BlobTriggerListener.HostsContainer,
            $"blobreceipts/testhost/Host.Functions.DatasetUploaded/{blob.ETag.Value.Trim('"')}/datasets/d/x.csv",
            Stream.Null, new BlobWriteOptions { Metadata = new Dictionary<string, string> { ["Incomplete"] = "Incomplete" } });

        Assert.Equal(0, await listener.ScanOnceAsync());
        _time.Advance(TimeSpan.FromMinutes(1));
        var restarted = Listener();
        Assert.Equal(1, await restarted.ScanOnceAsync());
        await restarted.ExecuteOnceAsync();

        Assert.Single(_calls);
    }
}
