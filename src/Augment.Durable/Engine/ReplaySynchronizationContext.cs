namespace Augment.Durable.Engine;

/// <summary>
/// A single-threaded synchronization context: continuations posted by <c>await</c> queue up and run, in order, on
/// the replaying thread when the executor calls <see cref="Drain"/>. Orchestrator code therefore never runs
/// concurrently with itself and always in the same order.
/// </summary>
internal sealed class ReplaySynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();

    public override void Post(SendOrPostCallback d, object? state) => _queue.Enqueue((d, state));

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public override SynchronizationContext CreateCopy() => this;

    public void Drain()
    {
        while (_queue.TryDequeue(out var item))
        {
            item.Callback(item.State);
        }
    }
}
