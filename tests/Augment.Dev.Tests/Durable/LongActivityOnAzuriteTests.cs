using System.Collections.Concurrent;
using Augment.Dev.Durable;
using Augment.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Augment.Dev.Tests.Durable;

/// <summary>
/// An activity that outlives the work-item queue's visibility timeout on the local host's real backend (DTFx Azure
/// Storage on Azurite). Before the host renewed running activities' messages, such an activity was dequeued a second
/// time and its completion failed with <c>PopReceiptMismatch</c> (the demo's Train and Evaluate images). The activity
/// here holds until the host has renewed its message three times (every 1 s against a 2 s visibility timeout), so it
/// runs past the timeout without a wall-clock wait in the test.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LongActivityOnAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task LongActivity_PastTheVisibilityTimeout_RunsOnceAndCompletesWithoutAPopReceiptError()
    {
        var logs = new CapturingLoggers();
        var executions = 0;
        var options = new LocalHostOptions
        {
            Settings = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString },
            Backend = DurableBackend.AzureStorage,
            TaskHub = new TaskHubSettings { TaskHub = "renewal", VisibilityTimeout = TimeSpan.FromSeconds(2) },
            RunTriggers = false,
            Blobs = new InMemoryBlobStore(),
            FunctionKey = "k",
            AdditionalTasks = r => r
                .AddOrchestratorFunc<string, string>("LongOne", (context, input) => context.CallActivityAsync<string>("Hold", input))
                .AddActivityFunc<string, string>("Hold", async (_, input) =>
                {
                    Interlocked.Increment(ref executions);
                    await logs.Renewals(3);
                    return input + " held";
                }),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        string id;
        OrchestrationMetadata? done;
        await using (var host = await LocalFunctionHost.StartAsync(options, logs, timeout.Token))
        {
            id = await host.Client.ScheduleNewOrchestrationInstanceAsync("LongOne", "evaluate", timeout.Token);
            done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        }

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("evaluate held", done.ReadOutputAs<string>());
        Assert.Equal(1, executions);
        Assert.True(logs.RenewalCount >= 3, $"{logs.RenewalCount} renewals");
        var popReceiptErrors = logs.Messages.Where(m => m.Contains("PopReceipt", StringComparison.OrdinalIgnoreCase) || m.Contains("pop receipt", StringComparison.OrdinalIgnoreCase)
            || m.Contains("multiple times", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(popReceiptErrors.Count == 0, string.Join(Environment.NewLine, popReceiptErrors));
    }

    /// <summary>Keeps every log line of every category, and counts the renewals (event 4100).</summary>
    private sealed class CapturingLoggers : ILoggerFactory
    {
        private readonly ConcurrentQueue<string> _messages = new();
        private readonly TaskCompletionSource[] _renewed = [.. Enumerable.Range(0, 16).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
        private int _renewals;

        public IEnumerable<string> Messages => _messages;

        public int RenewalCount => Volatile.Read(ref _renewals);

        public Task Renewals(int count) => _renewed[count - 1].Task;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private void Add(string category, EventId eventId, string message)
        {
            _messages.Enqueue(message);
            if (eventId.Id == 4100 && category == typeof(ActivityLockRenewal).FullName)
            {
                var n = Interlocked.Increment(ref _renewals);
                for (var i = 0; i < Math.Min(n, _renewed.Length); i++)
                {
                    _renewed[i].TrySetResult();
                }
            }
        }

        private sealed class Logger(CapturingLoggers owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Add(category, eventId, $"{category} {logLevel}: {formatter(state, exception)} {exception?.Message}");
        }
    }
}
