using Augment.App.Http;
using Augment.Dev.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Augment.Dev.Http;

/// <summary>
/// Maps the app's HTTP functions onto ASP.NET Core endpoints at <c>/api/{route}</c> with the host's key check (the
/// trigger's <c>AuthorizationLevel</c>: <c>?code=</c> or <c>x-functions-key</c>), and the Durable Functions HTTP
/// management routes under <c>/runtime/webhooks/durabletask</c> on the same <see cref="DurableTaskClient"/>.
/// </summary>
internal static class HttpFunctionRoutes
{
    /// <summary>The Functions host's default route prefix (host.json <c>extensions.http.routePrefix</c>).</summary>
    public const string RoutePrefix = "api";

    /// <summary>The Durable Functions extension's webhook root.</summary>
    public const string DurableWebhook = "/runtime/webhooks/durabletask";

    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, IEnumerable<AppFunction> functions, Func<HttpContext, AuthorizationLevel, bool> authorized)
    {
        foreach (var function in functions.Where(f => f.Kind == TriggerKind.Http))
        {
            var trigger = (HttpTriggerAttribute)function.Trigger;
            var methods = (trigger.Methods ?? ["get", "post"]).Select(m => m.ToUpperInvariant()).ToArray();
            var route = $"/{RoutePrefix}/{trigger.Route ?? function.Name}";
            endpoints.MapMethods(route, methods, context => InvokeAsync(context, function, trigger.AuthLevel, authorized)).WithDisplayName(function.Name);
        }
    }

    /// <summary>
    /// The Durable Functions HTTP API's instance routes (status, list, raise event, terminate, suspend, resume, purge,
    /// restart), answered by the app's own management functions so both route families behave the same. They need a key
    /// (the system key in Azure; the host's function or master key here).
    /// </summary>
    public static void MapDurableWebhook(this IEndpointRouteBuilder endpoints, Func<HttpContext, AuthorizationLevel, bool> authorized)
    {
        var group = endpoints.MapGroup(DurableWebhook + "/instances");
#pragma warning disable ASP0016 // the inner lambdas return the function's IResult to Guard, which executes it; the request delegate itself returns Task
        group.MapGet("", context => Guard(context, authorized, (m, c, ct) => m.Augmentations(context.Request, c, ct)));
        group.MapGet("/{instanceId}", context => Guard(context, authorized, (m, c, ct) => m.AugmentationInstance(context.Request, Route(context, "instanceId"), c, ct)));
        group.MapDelete("/{instanceId}", context => Guard(context, authorized, (m, c, ct) => m.AugmentationInstance(context.Request, Route(context, "instanceId"), c, ct)));
        group.MapPost("/{instanceId}/raiseEvent/{eventName}", context => Guard(context, authorized, (m, c, ct) => m.AugmentationRaiseEvent(context.Request, Route(context, "instanceId"), Route(context, "eventName"), c, ct)));
        foreach (var action in new[] { "terminate", "suspend", "resume", "restart" })
        {
            group.MapPost("/{instanceId}/" + action, context => Guard(context, authorized, (m, c, ct) => m.AugmentationAction(context.Request, Route(context, "instanceId"), action, c, ct)));
        }

#pragma warning restore ASP0016
    }

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? "";

    private static async Task Guard(HttpContext context, Func<HttpContext, AuthorizationLevel, bool> authorized, Func<ManagementFunctions, DurableTaskClient, CancellationToken, Task<IResult>> handler)
    {
        if (!authorized(context, AuthorizationLevel.Function))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var management = ActivatorUtilities.CreateInstance<ManagementFunctions>(context.RequestServices);
        var result = await handler(management, context.RequestServices.GetRequiredService<DurableTaskClient>(), context.RequestAborted);
        await result.ExecuteAsync(context);
    }

    private static async Task InvokeAsync(HttpContext context, AppFunction function, AuthorizationLevel level, Func<HttpContext, AuthorizationLevel, bool> authorized)
    {
        if (level != AuthorizationLevel.Anonymous && !authorized(context, level))
        {
            // As the Functions host: 401 with no body for a missing or wrong key.
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var bindingData = context.Request.RouteValues.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString(), StringComparer.OrdinalIgnoreCase);
        var invoker = context.RequestServices.GetRequiredService<FunctionInvoker>();
        var returned = await invoker.InvokeAsync(function, context.Request, bindingData, context.RequestAborted);
        switch (returned)
        {
            case IResult result:
                await result.ExecuteAsync(context);
                break;
            case null:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            default:
                throw new InvalidOperationException($"Function '{function.Name}' returned {returned.GetType().Name}; the local host serves IResult.");
        }
    }
}
