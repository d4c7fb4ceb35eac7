using System.Net;
using System.Net.Sockets;
using Augment.Durable;
using Augment.Functions;
using Augment.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Augment.Cli.Tests.Commands;

/// <summary>
/// A real Azurite and the custom handler (in this process, on a free port, with its in-process durable worker),
/// for the CLI's API client commands to talk to over HTTP.
/// </summary>
public sealed class ApiHandlerFixture : IAsyncLifetime
{
    private AzuriteEmulator? _azurite;
    private WebApplication? _app;

    public const string ApprovalOrchestrator = "AwaitApproval";

    public string Url { get; private set; } = "";

    internal DurableTaskClient Client => _app!.Services.GetRequiredService<DurableTaskClient>();

    public string Storage => _azurite!.ConnectionString;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteEmulator.StartAsync();
        var port = FreePort();
        _app = FunctionsApp.Create(
        [
            $"--AzureWebJobsStorage={_azurite.ConnectionString}",
            $"--{FunctionsApp.PortVariable}={port}",
            "--Augment:RunWorker=true",
            "--Logging:LogLevel:Default=Warning",
        ]);
        // A run that waits for approval, as a spec with an approval step would: the approve/reject commands act on it.
        _app.Services.GetRequiredService<DurableTaskRegistry>().AddOrchestrator<string, string>(ApprovalOrchestrator, async (context, _) =>
        {
            context.SetCustomStatus("waiting for Approve or Reject");
            var approve = context.WaitForExternalEvent<System.Text.Json.JsonElement?>("Approve");
            var reject = context.WaitForExternalEvent<System.Text.Json.JsonElement?>("Reject");
            return await Task.WhenAny(approve, reject) == approve ? "approved" : "rejected";
        });
        await _app.StartAsync();
        Url = $"http://127.0.0.1:{port}";
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
