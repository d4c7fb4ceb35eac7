using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Augment.Dev.Functions;

/// <summary>
/// Calls a <c>[Function]</c> method the way the isolated worker does: a fresh instance of its class from the app's
/// services (constructor injection), the trigger value, <c>[DurableClient]</c>, binding data by parameter name and the
/// invocation's <see cref="CancellationToken"/>. Every parameter is checked when the host starts, not when a trigger fires.
/// </summary>
public sealed class FunctionInvoker
{
    private readonly IServiceProvider _services;

    /// <summary>Creates the invoker over the app's services.</summary>
    public FunctionInvoker(IServiceProvider services) => _services = services;

    /// <summary>Checks that every parameter of <paramref name="function"/> can be bound by the local host.</summary>
    /// <exception cref="InvalidOperationException">A parameter has a type or binding the local host does not supply.</exception>
    public static void Validate(AppFunction function, IReadOnlySet<string> bindingNames)
    {
        ArgumentNullException.ThrowIfNull(function);
        foreach (var parameter in function.Method.GetParameters())
        {
            var bindable = parameter.Position == function.TriggerParameter.Position
                || parameter.ParameterType == typeof(CancellationToken)
                || parameter.GetCustomAttribute<DurableClientAttribute>() is not null
                || (parameter.ParameterType == typeof(string) && bindingNames.Contains(parameter.Name!));
            if (!bindable)
            {
                throw new InvalidOperationException(
                    $"Function '{function.Name}': the local host cannot bind parameter '{parameter.Name}' ({parameter.ParameterType.Name}); it supplies the trigger, [DurableClient], CancellationToken and string binding data ({string.Join(", ", bindingNames)}).");
            }
        }
    }

    /// <summary>Invokes <paramref name="function"/> and returns what it returned (awaited when it is a task).</summary>
    public async Task<object?> InvokeAsync(AppFunction function, object? trigger, IReadOnlyDictionary<string, string?> bindingData, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        using var scope = _services.CreateScope();
        var target = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, function.Method.DeclaringType!);
        var arguments = function.Method.GetParameters().Select(p => Argument(function, p, trigger, bindingData, cancellationToken)).ToArray();
        object? returned;
        try
        {
            returned = function.Method.Invoke(target, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }

        return returned switch
        {
            Task task => await Unwrap(task),
            ValueTask valueTask => await Unwrap(valueTask.AsTask()),
            _ => returned,
        };
    }

    private static async Task<object?> Unwrap(Task task)
    {
        await task;
        var type = task.GetType();
        return type.IsGenericType && type.GetProperty("Result") is { } result && result.PropertyType.Name != "VoidTaskResult" ? result.GetValue(task) : null;
    }

    private object? Argument(AppFunction function, ParameterInfo parameter, object? trigger, IReadOnlyDictionary<string, string?> bindingData, CancellationToken cancellationToken)
    {
        if (parameter.Position == function.TriggerParameter.Position)
        {
            return trigger;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return cancellationToken;
        }

        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return _services.GetRequiredService<DurableTaskClient>();
        }

        return bindingData.TryGetValue(parameter.Name!, out var value) ? value : null;
    }
}
