// A durable worker process for the engine's process tests and benchmark:
//   Augment.Durable.TestWorker --connection <cs> --hub <hub> --worker-id <id> [--partitions 4] [--lease-seconds 15]
//                              [--visibility-seconds 10] [--work-delay-ms 0] [--max-dequeue 5]
// Prints "ready" once polling, "partitions <id> <p,q,…>" whenever its owned partitions change, and stops gracefully
// when its standard input closes. The tests kill it with SIGKILL at random points.
using System.Globalization;
using Augment.Durable;
using Augment.Durable.TestWorker;
using Augment.Storage;

var settings = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    settings[args[i].TrimStart('-')] = args[i + 1];
}

string Get(string name, string? fallback = null) =>
    settings.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"missing --{name}");

int GetInt(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

try
{
    var visibility = TimeSpan.FromSeconds(GetInt("visibility-seconds", 10));
    var options = new DurableTaskOptions
    {
        TaskHub = Get("hub"),
        WorkerId = Get("worker-id"),
        PartitionCount = GetInt("partitions", 4),
        PartitionLeaseDuration = TimeSpan.FromSeconds(GetInt("lease-seconds", 15)),
        ControlQueueVisibilityTimeout = visibility,
        WorkItemVisibilityTimeout = visibility,
        MinPollingInterval = TimeSpan.FromMilliseconds(10),
        MaxPollingInterval = TimeSpan.FromMilliseconds(200),
        DeferredMessageDelay = TimeSpan.FromMilliseconds(500),
        MaxConcurrentActivities = 8,
        MaxConcurrentOrchestrations = 4,
        MaxDequeueCount = GetInt("max-dequeue", 5),
    };
    var (blobs, queues) = StorageClients.FromConnectionString(Get("connection"));
    await using var backend = new AzureStorageOrchestrationService(blobs, queues, options);
    var output = TextWriter.Synchronized(Console.Out);
    backend.PartitionsChanged += owned => output.WriteLine($"partitions {options.WorkerId} {string.Join(',', owned)}");
    var registry = new DurableTaskRegistry().AddWorkerOrchestrations(TimeSpan.FromMilliseconds(GetInt("work-delay-ms", 0)));
    await using var worker = new DurableTaskWorker(backend, registry, options);
    await worker.StartAsync();
    output.WriteLine("ready");
    output.Flush();
    await Console.In.ReadToEndAsync();
    await worker.StopAsync();
    output.WriteLine("stopped");
    return 0;
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 2;
}
