using System.Collections.Concurrent;

namespace Augment.Trainer.Tests.Training;

/// <summary>
/// The trainer's watch on its run: <see cref="RunWatch.WatchAsync"/> driven by a scripted status function on a manual
/// clock (no real waits between reads), and <see cref="RunWatch.OverHttp"/> against a local HTTP server.
/// </summary>
public sealed class RunWatchTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>Real-time guard for each step (the watch never needs it unless it hangs).</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    /// <summary>A status function answering from a script (the last answer repeats) and counting its reads.</summary>
    private sealed class ScriptedStatus(params string?[] answers)
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public Task<string?> ReadAsync(CancellationToken cancellationToken)
        {
            var i = Interlocked.Increment(ref _reads) - 1;
            return Task.FromResult(answers[Math.Min(i, answers.Length - 1)]);
        }
    }

    private sealed class Watch
    {
        public ManualTimers Time { get; } = new();

        public ConcurrentQueue<string> Ended { get; } = new();

        public CancellationTokenSource Stop { get; } = new();

        public Task Task { get; private set; } = Task.CompletedTask;

        public Watch Start(Func<CancellationToken, Task<string?>> status)
        {
            Task = RunWatch.WatchAsync(status, Interval, Ended.Enqueue, Time, Stop.Token);
            return this;
        }

        /// <summary>Waits (real time) for the watch's next delay, then moves the clock past it.</summary>
        public async Task TickAsync()
        {
            await Time.WaitForActiveTimerAsync(Guard);
            Time.Advance(Interval);
        }
    }

    [Fact]
    public async Task WatchAsync_RunTerminated_CallsOnEndedOnceWithTheStatusAndReturns()
    {
        var status = new ScriptedStatus("Running", "Running", "Terminated");
        var watch = new Watch().Start(status.ReadAsync);

        for (var i = 0; i < 3; i++)
        {
            await watch.TickAsync();
        }

        await watch.Task.WaitAsync(Guard);
        Assert.Equal(["Terminated"], watch.Ended);
        Assert.Equal(3, status.Reads);
        Assert.Equal(3, watch.Time.Created);
        Assert.Equal(0, watch.Time.Active);
    }

    [Theory]
    [InlineData("Terminated")]
    [InlineData("Failed")]
    [InlineData("Canceled")]
    [InlineData("terminated")]
    [InlineData("FAILED")]
    public async Task WatchAsync_EndedStatus_StopsTheWatch(string ended)
    {
        var status = new ScriptedStatus(ended);
        var watch = new Watch().Start(status.ReadAsync);

        await watch.TickAsync();

        await watch.Task.WaitAsync(Guard);
        Assert.Equal([ended], watch.Ended);
        Assert.Equal(1, status.Reads);
    }

    [Fact]
    public async Task WatchAsync_UnreachableOrStillGoing_KeepsWatching()
    {
        // null: the status could not be read; Completed and Pending do not end a run the trainer still trains for.
        var status = new ScriptedStatus(null, "Running", "Pending", "Completed", "Suspended", null, "Failed");
        var watch = new Watch().Start(status.ReadAsync);

        for (var i = 0; i < 6; i++)
        {
            await watch.TickAsync();
            Assert.False(watch.Task.IsCompleted, $"the watch ended after read {i + 1}");
        }

        await watch.TickAsync();
        await watch.Task.WaitAsync(Guard);
        Assert.Equal(["Failed"], watch.Ended);
        Assert.Equal(7, status.Reads);
    }

    [Fact]
    public async Task WatchAsync_BeforeTheInterval_DoesNotRead()
    {
        var status = new ScriptedStatus("Running");
        var watch = new Watch().Start(status.ReadAsync);
        await watch.Time.WaitForActiveTimerAsync(Guard);

        watch.Time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, status.Reads);
        watch.Time.Advance(TimeSpan.FromMilliseconds(1));
        await watch.Time.WaitForActiveTimerAsync(Guard); // the read happened and the next delay started

        Assert.Equal(1, status.Reads);
        await watch.Stop.CancelAsync();
        await watch.Task.WaitAsync(Guard);
    }

    [Fact]
    public async Task WatchAsync_TrainingFinishesFirst_ReturnsQuietlyWithoutReading()
    {
        var status = new ScriptedStatus("Terminated");
        var watch = new Watch().Start(status.ReadAsync);
        await watch.Time.WaitForActiveTimerAsync(Guard);

        await watch.Stop.CancelAsync();

        await watch.Task.WaitAsync(Guard); // no OperationCanceledException
        Assert.Empty(watch.Ended);
        Assert.Equal(0, status.Reads);
    }

    [Fact]
    public async Task WatchAsync_TrainingFinishesDuringARead_ReturnsQuietly()
    {
        var reading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = new Watch().Start(async cancellationToken =>
        {
            reading.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return "Terminated";
        });
        await watch.TickAsync();
        await reading.Task.WaitAsync(Guard);

        await watch.Stop.CancelAsync();

        await watch.Task.WaitAsync(Guard);
        Assert.Empty(watch.Ended);
    }

    // ---- OverHttp: the Durable Functions status route. ----

    private static async Task<(string? Status, IReadOnlyList<RecordedRequest> Requests)> ReadOverHttpAsync(FakeReply reply, TimeSpan? clientTimeout = null)
    {
        await using var server = new FakeHttpServer(_ => reply);
        using var http = new HttpClient { Timeout = clientTimeout ?? TimeSpan.FromSeconds(30) };
        var url = new Uri(server.BaseUri, "/runtime/webhooks/durabletask/instances/adult-0123?code=key1");

        var status = await RunWatch.OverHttp(http, url)(CancellationToken.None);

        return (status, server.Requests);
    }

    [Fact]
    public async Task OverHttp_Ok_ReadsTheRuntimeStatusFromTheInstanceRoute()
    {
        var (status, requests) = await ReadOverHttpAsync(new FakeReply(200, """{ "name": "AugmentDataset", "instanceId": "adult-0123", "runtimeStatus": "Terminated", "customStatus": null }"""));

        Assert.Equal("Terminated", status);
        var request = Assert.Single(requests);
        Assert.Equal(("GET", "/runtime/webhooks/durabletask/instances/adult-0123?code=key1"), (request.Method, request.PathAndQuery));
    }

    [Fact]
    public async Task OverHttp_ManagementRoute_ReadsTheRuntimeStatusFromTheAppsStatusBody()
    {
        // In Azure the URL is the app's /api/augmentations/{runId} (host key): 202 with Location while the run is active,
        // and the status body src/Augment.App/Http/DurableStatusJson writes (input and custom status as JSON values).
        await using var server = new FakeHttpServer(_ => new FakeReply(202,
            """{"name":"AugmentDataset","instanceId":"adult-0123","runtimeStatus":"Terminated","input":{"container":"datasets","blobName":"adult/data.csv"},"customStatus":{"stage":"train","shards":[1,2]},"output":"stopped by the operator","createdTime":"2026-01-02T03:04:05Z","lastUpdatedTime":"2026-01-02T03:09:05Z"}""",
            new Dictionary<string, string> { ["Location"] = "/api/augmentations/adult-0123", ["Retry-After"] = "5" }));
        using var http = new HttpClient();

        var status = await RunWatch.OverHttp(http, new Uri(server.BaseUri, "/api/augmentations/adult-0123?code=hostkey1"))(CancellationToken.None);

        Assert.Equal("Terminated", status);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("GET", "/api/augmentations/adult-0123?code=hostkey1"), (request.Method, request.PathAndQuery));
    }

    [Fact]
    public async Task OverHttp_Accepted_ReadsTheRuntimeStatus()
    {
        // The status route answers 202 while the instance runs.
        var (status, _) = await ReadOverHttpAsync(new FakeReply(202, """{ "runtimeStatus": "Running" }"""));

        Assert.Equal("Running", status);
    }

    [Theory]
    [InlineData(404, """{ "message": "instance not found" }""")]
    [InlineData(401, "")]
    [InlineData(500, """{ "runtimeStatus": "Failed" }""")]
    [InlineData(200, "<html>a proxy's error page</html>")]
    [InlineData(200, """{ "name": "AugmentDataset" }""")]
    [InlineData(200, "")]
    public async Task OverHttp_ErrorOrUnreadableAnswer_IsNull(int code, string body)
    {
        var (status, _) = await ReadOverHttpAsync(new FakeReply(code, body));

        Assert.Null(status);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"Running\"")]
    [InlineData("""{ "runtimeStatus": 3 }""")]
    public async Task OverHttp_JsonOfAnotherShape_IsNull(string body)
    {
        var (status, _) = await ReadOverHttpAsync(new FakeReply(200, body));

        Assert.Null(status);
    }

    [Fact]
    public async Task OverHttp_NothingListening_IsNull()
    {
        Uri url;
        await using (var server = new FakeHttpServer(_ => new FakeReply(200)))
        {
            url = new Uri(server.BaseUri, "/runtime/webhooks/durabletask/instances/x");
        }

        using var http = new HttpClient();

        Assert.Null(await RunWatch.OverHttp(http, url)(CancellationToken.None));
    }

    [Fact]
    public async Task OverHttp_ClientTimeout_IsNull()
    {
        await using var server = new FakeHttpServer(_ =>
        {
            Thread.Sleep(1500);
            return new FakeReply(200, """{ "runtimeStatus": "Terminated" }""");
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };

        Assert.Null(await RunWatch.OverHttp(http, new Uri(server.BaseUri, "/x"))(CancellationToken.None));
    }

    [Fact]
    public async Task OverHttp_CallerCancels_Throws()
    {
        await using var server = new FakeHttpServer(_ => new FakeReply(200, """{ "runtimeStatus": "Running" }"""));
        using var http = new HttpClient();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunWatch.OverHttp(http, new Uri(server.BaseUri, "/x"))(cancelled.Token));
    }

    [Theory]
    [InlineData("http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/adult-1?code=k%2B1", "TrainingCompleted",
        "http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/adult-1/raiseEvent/TrainingCompleted?code=k%2B1")]
    [InlineData("https://app.example/runtime/webhooks/durabletask/instances/a%20b/", "TrainingFailed",
        "https://app.example/runtime/webhooks/durabletask/instances/a%20b/raiseEvent/TrainingFailed")]
    [InlineData("https://func-augment-x.azurewebsites.net/api/augmentations/adult-1?code=k1", "TrainingCompleted",
        "https://func-augment-x.azurewebsites.net/api/augmentations/adult-1/raiseEvent/TrainingCompleted?code=k1")]
    public void EventUrl_StatusUrl_RaiseEventRouteBesideItWithTheSameKey(string status, string eventName, string expected)
    {
        var url = RunWatch.EventUrl(new Uri(status), eventName);

        Assert.Equal(expected, url.AbsoluteUri);
    }
}
