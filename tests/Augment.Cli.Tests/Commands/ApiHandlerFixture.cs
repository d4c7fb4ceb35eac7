using System.Net;
using System.Net.Sockets;
using Augment.Dev;
using Augment.Storage;
using Microsoft.DurableTask.Client;

namespace Augment.Cli.Tests.Commands;

/// <summary>
/// The local host running the app's functions (in this process, on a free port, in-memory backend and blob store), for
/// the CLI's API client commands to talk to over HTTP with its key.
/// </summary>
public sealed class ApiHandlerFixture : IAsyncLifetime
{
    private LocalFunctionHost? _host;

    public const string ApprovalOrchestrator = "AwaitApproval";

    public string Url { get; private set; } = "";

    public string Key => _host!.FunctionKey;

    internal DurableTaskClient Client => _host!.Client;

    public async Task InitializeAsync()
    {
        var blobs = new InMemoryBlobStore();
        _host = await LocalFunctionHost.StartAsync(new LocalHostOptions
        {
            Settings = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" },
            Backend = DurableBackend.InMemory,
            RunTriggers = false,
            Blobs = blobs,
            // A run that waits for approval, as a spec with an approval step would: the approve/reject commands act on it.
            AdditionalTasks = r => r.AddOrchestratorFunc<string, string>(ApprovalOrchestrator, async (context, _) =>
            {
                context.SetCustomStatus("waiting for Approve or Reject");
                var approve = context.WaitForExternalEvent<System.Text.Json.JsonElement?>("Approve");
                var reject = context.WaitForExternalEvent<System.Text.Json.JsonElement?>("Reject");
                return await Task.WhenAny(approve, reject) == approve ? "approved" : "rejected";
            }),
        });
        Url = _host.BaseAddress.GetLeftPart(UriPartial.Authority);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
