using Microsoft.DurableTask;

namespace Augment.Dev.Functions;

/// <summary>
/// Registers the app's orchestrator and activity functions on a Durable Task worker
/// (<see cref="DurableTaskRegistry"/>): the same methods the Durable Functions extension calls in Azure, each a fresh
/// instance of its class from the app's services.
/// </summary>
internal static class FunctionTasks
{
    public static DurableTaskRegistry AddAppFunctions(this DurableTaskRegistry registry, IEnumerable<AppFunction> functions, Func<FunctionInvoker> invoker)
    {
        foreach (var function in functions)
        {
            switch (function.Kind)
            {
                case TriggerKind.Orchestration:
                    registry.AddOrchestrator(function.Name, () => new Orchestrator(function, invoker()));
                    break;
                case TriggerKind.Activity:
                    registry.AddActivity(function.Name, _ => new Activity(function, invoker()));
                    break;
                default:
                    break;
            }
        }

        return registry;
    }

    private static Type ResultType(AppFunction function)
    {
        var type = function.Method.ReturnType;
        return type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? type.GetGenericArguments()[0]
            : type == typeof(Task) || type == typeof(void) ? typeof(object) : type;
    }

    private sealed class Orchestrator(AppFunction function, FunctionInvoker invoker) : ITaskOrchestrator
    {
        // The function reads its input with context.GetInput<T>(), as under the Functions host.
        public Type InputType => typeof(object);

        public Type OutputType => ResultType(function);

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) =>
            invoker.InvokeAsync(function, new InputContext(context, input, App.Hosting.AppServices.Json), new Dictionary<string, string?>(), CancellationToken.None);
    }

    private sealed class Activity(AppFunction function, FunctionInvoker invoker) : ITaskActivity
    {
        public Type InputType => function.TriggerParameter.ParameterType;

        public Type OutputType => ResultType(function);

        public Task<object?> RunAsync(TaskActivityContext context, object? input) =>
            invoker.InvokeAsync(function, input, new Dictionary<string, string?>(), CancellationToken.None);
    }
}
