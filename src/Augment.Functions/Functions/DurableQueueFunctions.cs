using System.Globalization;
using Augment.Durable;
using Augment.Functions.Invocation;

namespace Augment.Functions.Functions;

/// <summary>Shared by the durable queue functions: reads the message and dequeue count, maps the outcome.</summary>
internal static class DurableQueueInvocation
{
    /// <summary>The queue trigger's binding name in every durable function.json.</summary>
    public const string BindingName = "message";

    public static async Task<InvocationResult> InvokeAsync(
        string function, InvocationRequest request, Func<string, long, CancellationToken, Task<DeliveryOutcome>> process, CancellationToken cancellationToken)
    {
        var text = InvocationValue.AsString(request.Input(BindingName))
            ?? throw new InvalidInvocationException($"Data.{BindingName} (the queue message) is missing.");
        var dequeueCount = InvocationValue.AsInt64(request.Meta("DequeueCount")) ?? 1;
        var id = InvocationValue.AsString(request.Meta("Id")) ?? "?";
        var outcome = await process(text, dequeueCount, cancellationToken);
        var line = string.Create(CultureInfo.InvariantCulture, $"{function}: message {id} (delivery {dequeueCount}) {outcome}.");
        return outcome == DeliveryOutcome.Retry ? InvocationResult.Retry(line) : InvocationResult.Ok(line);
    }
}

/// <summary>
/// <c>DurableControlNN</c>: queue trigger on the task hub's control queue <c>augment-control-NN</c>. Each invocation
/// runs one orchestration episode for the delivered message; a lost commit race or a message that arrived before
/// its history answers 500 so that the host redelivers it.
/// </summary>
internal sealed class DurableControlFunction(int partition, DeliveredMessageProcessor processor) : IFunction
{
    public string Name { get; } = NameOf(partition);

    /// <summary>The function name for a control-queue partition: <c>DurableControl00</c>, <c>DurableControl01</c>, ….</summary>
    public static string NameOf(int partition) => string.Create(CultureInfo.InvariantCulture, $"DurableControl{partition:00}");

    public Task<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken) =>
        DurableQueueInvocation.InvokeAsync(Name, request, processor.ProcessControlMessageAsync, cancellationToken);
}

/// <summary>
/// <c>DurableWorkItems</c>: queue trigger on the work-item queue <c>augment-workitems</c>. Each invocation runs one
/// activity and sends its completion (or failure, as data) to the instance's control queue.
/// </summary>
internal sealed class DurableWorkItemsFunction(DeliveredMessageProcessor processor) : IFunction
{
    public const string FunctionName = "DurableWorkItems";

    public string Name => FunctionName;

    public Task<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken) =>
        DurableQueueInvocation.InvokeAsync(Name, request, processor.ProcessWorkItemMessageAsync, cancellationToken);
}
