using System.Net;
using System.Net.Sockets;
using Augment.Storage;

namespace Augment.Dev.Tests.Hosting;

/// <summary>
/// The local host's HTTP port: a probed free port can be taken by another socket before Kestrel binds it (CI saw
/// "address already in use"); the host then tries another. A port the caller names is never silently replaced.
/// </summary>
public sealed class LocalFunctionHostPortTests
{
    private static LocalHostOptions Options(int port = 0, Func<int>? probe = null) => new()
    {
        Settings = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" },
        Backend = DurableBackend.InMemory,
        RunTriggers = false,
        Blobs = new InMemoryBlobStore(),
        FunctionKey = "k",
        Port = port,
        PortProbe = probe,
    };

    [Fact]
    public async Task Start_ProbedPortTakenMeanwhile_BindsAnotherAndServes()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var probes = 0;

        await using var host = await LocalFunctionHost.StartAsync(Options(probe: () => ++probes < 3 ? takenPort : FreePort()));

        Assert.Equal(3, probes);
        Assert.NotEqual(takenPort, host.BaseAddress.Port);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var response = await http.GetAsync(new Uri("api/augmentations?code=k", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Start_NamedPortInUse_FailsWithoutTryingAnother()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var probes = 0;

        var error = await Assert.ThrowsAnyAsync<IOException>(() => LocalFunctionHost.StartAsync(Options(port: takenPort, probe: () => ++probes)));

        Assert.Contains(takenPort.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(0, probes);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
