using System.Net;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Augment.Dev.Durable;

/// <summary>
/// The Durable Task gRPC sidecar (<see cref="TaskHubGrpcServer"/> from <c>Microsoft.DurableTask.InProcessTestHost</c>)
/// over an orchestration service, on Kestrel HTTP/2 at a free loopback port. Microsoft.DurableTask's worker and
/// <c>DurableTaskClient</c> connect to it over gRPC — the same client type an isolated app gets from <c>[DurableClient]</c>.
/// </summary>
public sealed class DurableSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DurableSidecar(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
    }

    /// <summary>The sidecar's address (<c>http://127.0.0.1:port</c>).</summary>
    public Uri Address { get; }

    /// <summary>A channel to the sidecar for workers and clients.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>Starts the sidecar over <paramref name="service"/> (also its client: DTFx's services are both).</summary>
    public static Task<DurableSidecar> StartAsync<TService>(TService service, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
        where TService : IOrchestrationService, IOrchestrationServiceClient => StartAsync(service, service, loggerFactory, cancellationToken);

    /// <summary>Starts the sidecar dispatching from <paramref name="service"/> and answering queries from <paramref name="client"/>.</summary>
    public static async Task<DurableSidecar> StartAsync(IOrchestrationService service, IOrchestrationServiceClient client, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new DurableSidecar(app, address);
    }

    /// <summary>Stops the sidecar and closes its channel.</summary>
    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
