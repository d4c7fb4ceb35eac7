using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Augment.Dev.Tests.Fakes;
using Augment.Dev.Triggers;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;

namespace Augment.Dev.Tests.Triggers;

/// <summary>The blob trigger loop on a real Azurite, driven one scan at a time (each test has its own host id, container and poison queue).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobTriggerLoopTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Function = "DatasetUploaded";
    private readonly string _hostId = "t" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _containerName = "ds" + Guid.NewGuid().ToString("N")[..12];
    private readonly ConcurrentQueue<BlobTriggerInvocation> _calls = new();
    private readonly ListLogger<BlobTriggerLoop> _log = new();
    private BlobContainerClient _container = null!;
    private BlobContainerClient _hosts = null!;
    private QueueClient _poison = null!;

    public async Task InitializeAsync()
    {
        var service = azurite.Blobs();
        _container = service.GetBlobContainerClient(_containerName);
        _hosts = service.GetBlobContainerClient("azure-webjobs-hosts");
        _poison = azurite.Queue("poison" + Guid.NewGuid().ToString("N")[..12]);
        await _container.CreateIfNotExistsAsync();
        await _hosts.CreateIfNotExistsAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private BlobTriggerLoop Loop(Func<BlobTriggerInvocation, CancellationToken, Task>? behaviour = null, string? pattern = null, TimeSpan? polling = null) => new(
        _container,
        _poison,
        new BlobTriggerOptions
        {
            HostId = _hostId,
            FunctionName = Function,
            Path = $"{_containerName}/{pattern ?? "{name}"}",
            RetryDelay = TimeSpan.Zero,
            PollingInterval = polling ?? TimeSpan.FromSeconds(1),
        },
        (call, ct) =>
        {
            _calls.Enqueue(call);
            return behaviour?.Invoke(call, ct) ?? Task.CompletedTask;
        },
        _log);

    private async Task<BlobTriggerLoop> ReadyLoopAsync(Func<BlobTriggerInvocation, CancellationToken, Task>? behaviour = null, string? pattern = null)
    {
        var loop = Loop(behaviour, pattern);
        await loop.InitializeAsync(CancellationToken.None);
        return loop;
    }

    private async Task<ETag> PutAsync(string name, string text) =>
        (await _container.GetBlobClient(name).UploadAsync(BinaryData.FromString(text), overwrite: true)).Value.ETag;

    private string ReceiptName(ETag etag, string blobName) => $"blobreceipts/{_hostId}/Host.Functions.{Function}/{etag}/{_containerName}/{blobName}";

    private async Task<IDictionary<string, string>> ReceiptMetadataAsync(ETag etag, string blobName) =>
        (await _hosts.GetBlobClient(ReceiptName(etag, blobName)).GetPropertiesAsync()).Value.Metadata;

    private async Task PutIncompleteReceiptAsync(ETag etag, string blobName, int attempts)
    {
        var metadata = new Dictionary<string, string> { ["Incomplete"] = "Incomplete", ["Attempts"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        await _hosts.GetBlobClient(ReceiptName(etag, blobName)).UploadAsync(BinaryData.Empty, new BlobUploadOptions { Metadata = metadata });
    }

    [Fact]
    public async Task ScanOnce_NewBlob_InvokesOnceWithBindingDataETagAndAttempt()
    {
        await using var loop = await ReadyLoopAsync();
        var etag = await PutAsync("adult/data.csv", "a,b\n1,2\n");

        Assert.Equal(1, await loop.ScanOnceAsync());

        var call = Assert.Single(_calls);
        Assert.Equal(_containerName, call.Container);
        Assert.Equal("adult/data.csv", call.BlobName);
        Assert.Equal("adult/data.csv", call.BindingData["name"]);
        Assert.Equal(etag, call.ETag);
        Assert.Equal(1, call.Attempt);
        Assert.Equal("a,b\n1,2\n", (await call.Blob.DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task ScanOnce_SameVersionScannedAgain_NotInvokedAgain()
    {
        await using var loop = await ReadyLoopAsync();
        await PutAsync("adult/data.csv", "a\n1\n");

        await loop.ScanOnceAsync();
        Assert.Equal(0, await loop.ScanOnceAsync());

        Assert.Single(_calls);
    }

    [Fact]
    public async Task ScanOnce_NewLoopAfterRestart_ReceiptKeepsTheVersionFromRunningAgain()
    {
        await PutAsync("adult/data.csv", "a\n1\n");
        await using (var first = await ReadyLoopAsync())
        {
            await first.ScanOnceAsync();
        }

        await using var restarted = await ReadyLoopAsync();
        await restarted.ScanOnceAsync();
        await restarted.ScanOnceAsync();

        Assert.Single(_calls);
        Assert.Contains(_log.Entries, e => e.EventId.Id == 1101);
    }

    [Fact]
    public async Task ScanOnce_HandledVersion_LeavesACompletedReceiptAtTheHostsPath()
    {
        await using var loop = await ReadyLoopAsync();
        var etag = await PutAsync("adult/data.csv", "a\n1\n");

        await loop.ScanOnceAsync();

        var receipts = new List<string>();
        await foreach (var item in _hosts.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, $"blobreceipts/{_hostId}/", CancellationToken.None))
        {
            receipts.Add(item.Name);
            Assert.False(item.Metadata.ContainsKey("Incomplete"));
            Assert.Equal("1", item.Metadata["Attempts"]);
        }

        // The ETag as the SDK writes it (the host's own receipts use ETag.ToString() too), before the blob's name.
        Assert.Equal([$"blobreceipts/{_hostId}/Host.Functions.{Function}/{etag}/{_containerName}/adult/data.csv"], receipts);
    }

    [Fact]
    public async Task ScanOnce_Overwrite_InvokesAgainForTheNewETag()
    {
        await using var loop = await ReadyLoopAsync();
        await PutAsync("adult/data.csv", "a\n1\n");
        await loop.ScanOnceAsync();

        var second = await PutAsync("adult/data.csv", "a\n2\n");
        await loop.ScanOnceAsync();

        Assert.Equal(2, _calls.Count);
        Assert.Equal(second, _calls.Last().ETag);
    }

    [Fact]
    public async Task ScanOnce_CallbackKeepsThrowing_FiveAttemptsThenTheHostsPoisonMessage()
    {
        await using var loop = await ReadyLoopAsync((_, _) => throw new InvalidOperationException("boom"));
        var etag = await PutAsync("adult/data.csv", "a\n1\n");

        await loop.ScanOnceAsync();
        await loop.ScanOnceAsync();

        Assert.Equal([1, 2, 3, 4, 5], _calls.Select(c => c.Attempt));
        var message = Assert.Single((await _poison.ReceiveMessagesAsync(32)).Value);
        using var json = JsonDocument.Parse(message.Body.ToString());
        Assert.Equal(["Type", "FunctionId", "BlobType", "ContainerName", "BlobName", "ETag"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("BlobTrigger", json.RootElement.GetProperty("Type").GetString());
        Assert.Equal($"Host.Functions.{Function}", json.RootElement.GetProperty("FunctionId").GetString());
        Assert.Equal("BlockBlob", json.RootElement.GetProperty("BlobType").GetString());
        Assert.Equal(_containerName, json.RootElement.GetProperty("ContainerName").GetString());
        Assert.Equal("adult/data.csv", json.RootElement.GetProperty("BlobName").GetString());
        Assert.Equal(etag.ToString(), json.RootElement.GetProperty("ETag").GetString());
        Assert.False((await ReceiptMetadataAsync(etag, "adult/data.csv")).ContainsKey("Incomplete"));
        Assert.Contains(_log.Entries, e => e.EventId.Id == 1106 && e.Message.Contains("boom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScanOnce_CallbackFailsTwice_RetriedUntilItSucceeds()
    {
        var failures = 2;
        await using var loop = await ReadyLoopAsync((_, _) => Interlocked.Decrement(ref failures) >= 0 ? throw new InvalidOperationException("transient") : Task.CompletedTask);
        await PutAsync("adult/data.csv", "a\n1\n");

        await loop.ScanOnceAsync();

        Assert.Equal([1, 2, 3], _calls.Select(c => c.Attempt));
        Assert.Empty((await _poison.ReceiveMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task ScanOnce_NonMatchingBlob_IgnoredAndLoggedOnce()
    {
        await using var loop = await ReadyLoopAsync(pattern: "{name}/data.csv");
        await PutAsync("adult/augment.json", "{}");
        await PutAsync("adult/data.csv", "a\n1\n");

        await loop.ScanOnceAsync();
        await loop.ScanOnceAsync();

        Assert.Equal("adult", Assert.Single(_calls).BindingData["name"]);
        var skipped = Assert.Single(_log.Entries, e => e.EventId.Id == 1100);
        Assert.Contains("adult/augment.json", skipped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanOnce_BlobChangedWhileRetrying_OldVersionDroppedNewOneRuns()
    {
        await using var loop = await ReadyLoopAsync(async (call, _) =>
        {
            if (call.ETag == _calls.First().ETag)
            {
                await PutAsync("adult/data.csv", "a\n2\n");
                throw new InvalidOperationException("first version is bad");
            }
        });
        var first = await PutAsync("adult/data.csv", "a\n1\n");

        await loop.ScanOnceAsync();
        await loop.ScanOnceAsync();

        Assert.Equal(2, _calls.Count);
        Assert.Equal(first, _calls.First().ETag);
        Assert.NotEqual(first, _calls.Last().ETag);
        Assert.All(_calls, c => Assert.Equal(1, c.Attempt));
        Assert.Contains(_log.Entries, e => e.EventId.Id == 1103 && e.Message.Contains("it changed", StringComparison.Ordinal));
        Assert.Empty((await _poison.ReceiveMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task ScanOnce_ReceiptLeftIncompleteByACrash_TheAttemptCountCarriesOn()
    {
        await using var loop = await ReadyLoopAsync((_, _) => throw new InvalidOperationException("still failing"));
        var etag = await PutAsync("adult/data.csv", "a\n1\n");
        await PutIncompleteReceiptAsync(etag, "adult/data.csv", attempts: 4);

        await loop.ScanOnceAsync();

        Assert.Equal([5], _calls.Select(c => c.Attempt));
        Assert.Single((await _poison.ReceiveMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task ScanOnce_ReceiptLeasedByAnotherScanner_TakenUpAfterItIsReleased()
    {
        await using var loop = await ReadyLoopAsync();
        var etag = await PutAsync("adult/data.csv", "a\n1\n");
        await PutIncompleteReceiptAsync(etag, "adult/data.csv", attempts: 0);
        var other = _hosts.GetBlobClient(ReceiptName(etag, "adult/data.csv")).GetBlobLeaseClient();
        await other.AcquireAsync(TimeSpan.FromSeconds(15));

        await loop.ScanOnceAsync();
        Assert.Empty(_calls);

        await other.ReleaseAsync();
        await loop.ScanOnceAsync();
        Assert.Single(_calls);
    }

    [Fact]
    public async Task ScanOnce_TwoLoopsOfOneHostAtOnce_OneInvocationPerVersion()
    {
        await using var first = await ReadyLoopAsync();
        await using var second = await ReadyLoopAsync();
        for (var i = 0; i < 5; i++)
        {
            await PutAsync($"d{i}/data.csv", "a\n1\n");
        }

        await Task.WhenAll(first.ScanOnceAsync(), second.ScanOnceAsync());
        await Task.WhenAll(first.ScanOnceAsync(), second.ScanOnceAsync());

        Assert.Equal(5, _calls.Count);
        Assert.Equal(5, _calls.Select(c => c.BlobName).Distinct().Count());
    }

    [Fact]
    public async Task Stop_CallbackInProgress_CancelledAndTheVersionRunsAgainLater()
    {
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = Loop(async (call, ct) =>
        {
            running.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        await PutAsync("adult/data.csv", "a\n1\n");
        await loop.StartAsync();
        await running.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await loop.DisposeAsync();

        var etag = _calls.Single().ETag;
        var metadata = await ReceiptMetadataAsync(etag, "adult/data.csv");
        Assert.True(metadata.ContainsKey("Incomplete"));
        Assert.Equal("0", metadata["Attempts"]);
        await using var restarted = await ReadyLoopAsync();
        await restarted.ScanOnceAsync();
        Assert.Equal([1, 1], _calls.Select(c => c.Attempt));
    }

    [Fact]
    public async Task Start_DefaultPolling_UploadToInvocationWithinTwoSeconds()
    {
        var invoked = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Stopwatch();
        await using var loop = Loop((_, _) =>
        {
            invoked.TrySetResult(clock.Elapsed);
            return Task.CompletedTask;
        });
        await loop.StartAsync();

        clock.Start();
        await PutAsync("adult/data.csv", "a\n1\n");
        var latency = await invoked.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(latency < TimeSpan.FromSeconds(2), $"upload to invocation took {latency.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void Constructor_PathOfAnotherContainer_Throws() =>
        Assert.Throws<ArgumentException>(() => new BlobTriggerLoop(
            _container, _poison, new BlobTriggerOptions { HostId = _hostId, FunctionName = Function, Path = "other/{name}" }, (_, _) => Task.CompletedTask));

    [Theory]
    [InlineData("Upper")]
    [InlineData("-lead")]
    [InlineData("a_b")]
    [InlineData("")]
    [InlineData("abcdefghijabcdefghijabcdefghijabc")]
    public void Constructor_BadHostId_Throws(string hostId) =>
        Assert.Throws<ArgumentException>(() => new BlobTriggerLoop(
            _container, _poison, new BlobTriggerOptions { HostId = hostId, FunctionName = Function, Path = $"{_containerName}/{{name}}" }, (_, _) => Task.CompletedTask));
}
