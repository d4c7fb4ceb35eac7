using System.Net;
using Augment.LocalHost.Invocation;
using Augment.LocalHost.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Augment.LocalHost.Http;

/// <summary>
/// The host's HTTP side: a Kestrel listener on 127.0.0.1 that maps each <c>httpTrigger</c> function's route
/// (<c>/{routePrefix}/{route}</c>, default route = the function's name; methods from <c>methods</c>) and checks its key
/// (<c>x-functions-key</c> header or <c>code</c> query; 401 without a valid one; <c>authLevel</c> from function.json).
/// HTTP-in/HTTP-out functions are forwarded raw to the handler when host.json enables forwarding (CONTRACTS.md §1.5);
/// the others get the §1.3 payload at <c>/{FunctionName}</c> and their <c>http</c> output becomes the response.
/// <c>GET /</c> answers anonymously (the host is up).
/// </summary>
public sealed partial class HttpFrontEnd : IAsyncDisposable
{
    private static readonly string[] AllMethods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];

    private readonly WebApplication _web;
    private readonly IDisposable _forwarder;

    private HttpFrontEnd(WebApplication web, IDisposable forwarder, Uri baseAddress, string routePrefix)
    {
        _web = web;
        _forwarder = forwarder;
        BaseAddress = baseAddress;
        ApiBaseAddress = new Uri(baseAddress, routePrefix.Length == 0 ? string.Empty : routePrefix + "/");
    }

    /// <summary>The listener's address, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Where the API lives: <see cref="BaseAddress"/> plus the route prefix (<c>api/</c>).</summary>
    public Uri ApiBaseAddress { get; }

    /// <summary>Starts listening on <paramref name="port"/> (0 = a free port) with a route per HTTP function of <paramref name="app"/>.</summary>
    public static async Task<HttpFrontEnd> StartAsync(
        FunctionApp app, HostKeys keys, IFunctionInvoker invoker, IHandlerEndpoint handler, int port, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, port);
            o.Limits.MaxRequestBodySize = null;
        });
        var web = builder.Build();
        var logger = loggerFactory.CreateLogger<HttpFrontEnd>();
        var forwarder = new Forwarder(handler);
        web.MapGet("/", () => Results.Text("Augment local Functions host is running.", "text/plain"));
        foreach (var function in app.Functions.Where(f => !f.Disabled && string.Equals(f.Trigger.Type, BindingTypes.HttpTrigger, StringComparison.OrdinalIgnoreCase)))
        {
            var trigger = function.Trigger;
            var route = (trigger.Get("route") ?? function.Name).Trim('/');
            var pattern = "/" + string.Join('/', new[] { app.Host.RoutePrefix, route }.Where(s => s.Length > 0));
            var methods = trigger.GetList("methods") is { Count: > 0 } listed ? listed.Select(m => m.ToUpperInvariant()).ToArray() : AllMethods;
            var authLevel = trigger.Get("authLevel") ?? "function";
            var forward = app.Host.EnableForwardingHttpRequest && function.IsHttpInAndOut;
            web.MapMethods(pattern, methods, async (HttpContext context) =>
            {
                var key = context.Request.Headers["x-functions-key"].FirstOrDefault() ?? context.Request.Query["code"].FirstOrDefault();
                if (!keys.IsAuthorized(function.Name, authLevel, key))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                try
                {
                    if (forward)
                    {
                        await forwarder.ForwardAsync(context);
                    }
                    else
                    {
                        await PayloadMode.InvokeAsync(context, function, invoker);
                    }
                }
                catch (FunctionInvocationException ex)
                {
                    LogFailed(logger, function.Name, ex.Message);
                    if (!context.Response.HasStarted)
                    {
                        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    }
                }
            });
            var methodList = string.Join(',', methods);
            LogRoute(logger, function.Name, methodList, pattern, authLevel, forward ? "forwarded" : "payload");
        }

        await web.StartAsync(cancellationToken);
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return new HttpFrontEnd(web, forwarder, bound, app.Host.RoutePrefix);
    }

    /// <summary>Stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
        _forwarder.Dispose();
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "{Function}: {Methods} {Route} (auth {AuthLevel}, {Mode})")]
    private static partial void LogRoute(ILogger logger, string function, string methods, string route, string authLevel, string mode);

    [LoggerMessage(EventId = 701, Level = LogLevel.Error, Message = "{Function}: HTTP invocation failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string function, string reason);
}
