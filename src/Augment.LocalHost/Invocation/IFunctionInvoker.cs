using System.Text.Json.Nodes;

namespace Augment.LocalHost.Invocation;

/// <summary>Calls one function of the handler. The HTTP implementation speaks the custom-handler contract; tests use fakes.</summary>
public interface IFunctionInvoker
{
    /// <summary>Invokes the function; returns its outputs.</summary>
    /// <exception cref="FunctionInvocationException">The handler failed the invocation (non-2xx, bad body, unreachable).</exception>
    Task<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken = default);
}

/// <summary>What the host sends for one invocation (CONTRACTS.md §1.3): <c>Data</c> by input binding name, <c>Metadata</c> by binding-data key.</summary>
/// <param name="FunctionName">The function's name (the handler's path is <c>/{FunctionName}</c>).</param>
/// <param name="InvocationId">A fresh id per attempt.</param>
/// <param name="Data">Input values, already in wire form (<see cref="WireValues"/>).</param>
/// <param name="Metadata">Trigger metadata, already in wire form; the invoker adds <c>sys</c>.</param>
public sealed record InvocationRequest(string FunctionName, Guid InvocationId, JsonObject Data, JsonObject Metadata);

/// <summary>What the handler returned (CONTRACTS.md §1.4).</summary>
/// <param name="Outputs">Output values by binding name (empty when none).</param>
/// <param name="Logs">Log lines to write at Information.</param>
/// <param name="ReturnValue">The <c>$return</c> value, or null.</param>
public sealed record InvocationResult(JsonObject Outputs, IReadOnlyList<string> Logs, JsonNode? ReturnValue)
{
    /// <summary>An empty, successful result.</summary>
    public static InvocationResult Empty => new([], [], null);
}

/// <summary>The handler failed an invocation; the trigger retries or poisons as the Functions host does.</summary>
public sealed class FunctionInvocationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FunctionInvocationException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public FunctionInvocationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public FunctionInvocationException(string message)
        : base(message)
    {
    }
}
