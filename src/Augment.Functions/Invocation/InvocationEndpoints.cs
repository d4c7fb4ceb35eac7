using Microsoft.Extensions.Logging;

namespace Augment.Functions.Invocation;

/// <summary>What a non-HTTP function did: whether the invocation succeeded, and lines for the host's log.</summary>
/// <param name="Succeeded">False asks the host to retry (queue and blob triggers redeliver, then poison).</param>
/// <param name="Logs">Log lines.</param>
internal sealed record InvocationResult(bool Succeeded, IReadOnlyList<string> Logs)
{
    public static InvocationResult Ok(params string[] logs) => new(true, logs);

    public static InvocationResult Retry(params string[] logs) => new(false, logs);
}

/// <summary>One non-HTTP function: handles a parsed invocation.</summary>
internal interface IFunction
{
    /// <summary>The function's name: its folder, and the route <c>POST /{Name}</c> the host calls.</summary>
    string Name { get; }

    Task<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken);
}

/// <summary>Maps every <see cref="IFunction"/> at <c>POST /{Name}</c>, with the contract's response shape.</summary>
internal static partial class InvocationEndpoints
{
    /// <summary>
    /// Maps <c>POST /{Name}</c> for each function. 200 with <c>{"Outputs":{},"Logs":[…],"ReturnValue":null}</c> on
    /// success; 500 with the same shape when the function asks for a retry or throws; 400 for an unreadable payload.
    /// </summary>
    public static IEndpointRouteBuilder MapFunctionInvocations(this IEndpointRouteBuilder endpoints, IEnumerable<IFunction> functions)
    {
        foreach (var function in functions)
        {
            endpoints.MapPost("/" + function.Name, (HttpContext context, ILoggerFactory loggers) => InvokeAsync(context, function, loggers.CreateLogger("Augment.Functions.Invocation")))
                .ExcludeFromDescription();
        }

        return endpoints;
    }

    private static async Task<IResult> InvokeAsync(HttpContext context, IFunction function, ILogger logger)
    {
        InvocationResult result;
        int status;
        try
        {
            var request = await InvocationRequest.ReadAsync(context.Request, context.RequestAborted);
            result = await function.InvokeAsync(request, context.RequestAborted);
            status = result.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError;
        }
        catch (InvalidInvocationException ex)
        {
            result = InvocationResult.Retry($"{function.Name}: {ex.Message}");
            status = StatusCodes.Status400BadRequest;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            LogFailed(logger, function.Name, ex);
            result = InvocationResult.Retry($"{function.Name} failed: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}");
            status = StatusCodes.Status500InternalServerError;
        }

        var body = new InvocationResponse(new Dictionary<string, object?>(), result.Logs, null);
        return Results.Json(body, InvocationJsonContext.Default.InvocationResponse, statusCode: status);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Function {Function} failed; the host will retry the invocation.")]
    private static partial void LogFailed(ILogger logger, string function, Exception exception);
}
