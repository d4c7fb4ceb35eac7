using System.Text;

namespace Augment.Durable.AzureStorage;

/// <summary>
/// Resource names of a task hub in Azure Storage (lower-case hub name <c>h</c>): control queues
/// <c>h-control-00</c>…, the work-item queue <c>h-workitems</c>, containers <c>h-instances</c> (state blob per
/// instance), <c>h-history</c> (history blob per instance), <c>h-leases</c>, <c>h-largemessages</c> and the
/// queue <c>h-poison</c>.
/// </summary>
internal sealed class TaskHubLayout
{
    public TaskHubLayout(string taskHub, int partitionCount)
    {
        var hub = taskHub.ToLowerInvariant();
        ControlQueues = Enumerable.Range(0, partitionCount).Select(i => $"{hub}-control-{i:00}").ToArray();
        WorkItemQueue = $"{hub}-workitems";
        InstancesContainer = $"{hub}-instances";
        HistoryContainer = $"{hub}-history";
        LeasesContainer = $"{hub}-leases";
        LargeMessagesContainer = $"{hub}-largemessages";
        PoisonQueue = $"{hub}-poison";
    }

    public IReadOnlyList<string> ControlQueues { get; }

    public string WorkItemQueue { get; }

    public string InstancesContainer { get; }

    public string HistoryContainer { get; }

    /// <summary>Container of the partition lease blobs (<c>default/h-control-NN</c>) and worker presence blobs (<c>workers/{id}</c>).</summary>
    public string LeasesContainer { get; }

    /// <summary>Container of gzip payloads too large for a queue message or a history entry.</summary>
    public string LargeMessagesContainer { get; }

    /// <summary>Queue that receives messages delivered more than <c>MaxDequeueCount</c> times.</summary>
    public string PoisonQueue { get; }

    /// <summary>The lease blob of control queue <paramref name="partition"/>.</summary>
    public string LeaseBlobFor(int partition) => $"default/{ControlQueues[partition]}";

    /// <summary>The partition index of <paramref name="instanceId"/>.</summary>
    public int PartitionOf(string instanceId) => (int)(Fnv1a(instanceId) % (uint)ControlQueues.Count);

    /// <summary>The control queue that owns <paramref name="instanceId"/>: FNV-1a of its UTF-8 bytes, modulo the partition count.</summary>
    public string ControlQueueFor(string instanceId) => ControlQueues[(int)(Fnv1a(instanceId) % (uint)ControlQueues.Count)];

    /// <summary>32-bit FNV-1a over the UTF-8 bytes of <paramref name="value"/>.</summary>
    public static uint Fnv1a(string value)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = unchecked((hash ^ b) * prime);
        }

        return hash;
    }
}
