using Augment.Dev.Durable;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augment.Dev.Tests.Durable;

/// <summary>The gRPC sidecar has no key check, so it must not be reachable by other users of the machine.</summary>
public sealed class DurableSidecarTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Start_ListensOnAUnixSocketInAFolderOnlyTheUserCanEnter_RemovedOnDispose()
    {
        var service = TaskHubBackends.InMemory(NullLoggerFactory.Instance);
        var sidecar = await DurableSidecar.StartAsync(service, NullLoggerFactory.Instance);
        var folder = Path.GetDirectoryName(sidecar.SocketPath)!;
        try
        {
            Assert.True(new FileInfo(sidecar.SocketPath).Exists, sidecar.SocketPath);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));

            // The channel reaches the sidecar through the socket: a client call answers.
            var client = new Microsoft.DurableTask.Protobuf.TaskHubSidecarService.TaskHubSidecarServiceClient(sidecar.Channel);
            var reply = await client.HelloAsync(new Google.Protobuf.WellKnownTypes.Empty());
            Assert.NotNull(reply);
        }
        finally
        {
            await sidecar.DisposeAsync();
        }

        Assert.False(Directory.Exists(folder));
    }
}
