using System.Text;

namespace Augment.Durable.AzureStorage;

/// <summary>
/// Resource names of a task hub in Azure Storage (lower-case hub name <c>h</c>): control queues
/// <c>h-control-00</c>…, the work-item queue <c>h-workitems</c>, containers <c>h-instances</c> (state blob per
/// instance) and <c>h-history</c> (history blob per instance).
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
    }

    public IReadOnlyList<string> ControlQueues { get; }

    public string WorkItemQueue { get; }

    public string InstancesContainer { get; }

    public string HistoryContainer { get; }

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
