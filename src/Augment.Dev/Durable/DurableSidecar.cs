using System.Net.Sockets;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Augment.Dev.Durable;

/// <summary>
/// The Durable Task gRPC sidecar (<see cref="TaskHubGrpcServer"/> from <c>Microsoft.DurableTask.InProcessTestHost</c>)
/// over an orchestration service, on Kestrel HTTP/2. Microsoft.DurableTask's worker and <c>DurableTaskClient</c> connect
/// to it over gRPC — the same client type an isolated app gets from <c>[DurableClient]</c>. The gRPC API has no key check
/// (anyone who reaches it could start, terminate or purge runs), so it is not on a TCP port: it listens on a Unix domain
/// socket in a fresh temporary folder that only this user can enter (mode 0700), deleted when the sidecar stops.
/// </summary>
public sealed class DurableSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DirectoryInfo _folder;

    private DurableSidecar(WebApplication app, DirectoryInfo folder, string socketPath)
    {
        _app = app;
        _folder = folder;
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // The authority is not used to connect (the callback does); gRPC needs an http:// address for cleartext HTTP/2.
        Channel = GrpcChannel.ForAddress("http://sidecar", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    /// <summary>The Unix domain socket the sidecar listens on (in a folder only this user can enter).</summary>
    public string SocketPath { get; }

    /// <summary>A channel to the sidecar for workers and clients.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>Starts the sidecar over <paramref name="service"/> (also its client: DTFx's services are both).</summary>
    public static Task<DurableSidecar> StartAsync<TService>(TService service, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
        where TService : IOrchestrationService, IOrchestrationServiceClient => StartAsync(service, service, loggerFactory, cancellationToken);

    /// <summary>Starts the sidecar dispatching from <paramref name="service"/> and answering queries from <paramref name="client"/>.</summary>
    public static async Task<DurableSidecar> StartAsync(IOrchestrationService service, IOrchestrationServiceClient client, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        // CreateTempSubdirectory makes the folder with mode 0700 on Unix (mkdtemp).
        var folder = Directory.CreateTempSubdirectory("augment-sidecar-");
        var socketPath = Path.Combine(folder.FullName, "grpc.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socketPath, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            folder.Delete(recursive: true);
            throw;
        }

        return new DurableSidecar(app, folder, socketPath);
    }

    /// <summary>Stops the sidecar and closes its channel.</summary>
    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Already gone (a temp cleaner); nothing listens there any more.
        }
    }
}
