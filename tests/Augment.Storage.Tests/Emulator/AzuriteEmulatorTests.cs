using System.Diagnostics;

namespace Augment.Storage.Tests.Emulator;

public sealed class AzuriteEmulatorTests
{
    [Fact]
    public async Task StartAsync_TwoInstancesAtOnce_GetDistinctWorkingEndpointsAndDieOnDispose()
    {
        var started = await Task.WhenAll(AzuriteEmulator.StartAsync(), AzuriteEmulator.StartAsync());
        var (first, second) = (started[0], started[1]);
        int[] pids = [first.ProcessId, second.ProcessId];
        try
        {
            Assert.Equal(4, new[] { first.BlobEndpoint.Port, first.QueueEndpoint.Port, second.BlobEndpoint.Port, second.QueueEndpoint.Port }.Distinct().Count());
            var (blobs, queues) = StorageClients.FromConnectionString(first.ConnectionString);
            var (otherBlobs, _) = StorageClients.FromConnectionString(second.ConnectionString);
            await blobs.CreateContainerIfNotExistsAsync("only-in-first");
            await queues.CreateQueueIfNotExistsAsync("probe");
            await queues.SendAsync("probe", "hi");

            Assert.Equal(1, await queues.GetApproximateCountAsync("probe"));
            await Assert.ThrowsAsync<StorageException>(() => otherBlobs.ListPageAsync("only-in-first"));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }

        Assert.All(pids, pid => Assert.True(HasExited(pid), $"process {pid} still running"));
    }

    [Fact]
    public async Task StartAsync_RootWithoutPackageJson_ThrowsClearError()
    {
        var empty = Directory.CreateTempSubdirectory("no-node-project-").FullName;
        try
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                AzuriteEmulator.StartAsync(new AzuriteOptions { RepositoryRoot = empty, InstallIfMissing = false }));

            Assert.Contains("not installed", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    private static bool HasExited(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
