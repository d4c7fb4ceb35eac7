// Streams a generated blob (1 GiB by default) up to and back down from a private Azurite, and prints the
// throughput and this process's peak working set, to show that neither direction buffers the blob in memory.
// Usage: dotnet run -c Release --project bench/Augment.Storage.Bench -- [sizeMiB=1024] [blockMiB=4]
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Augment.Storage;
using Augment.Storage.Bench;

var sizeMiB = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1024;
var blockMiB = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
var length = sizeMiB * 1024L * 1024;

await using var azurite = await AzuriteEmulator.StartAsync();
var options = new StorageClientOptions { BlockSize = blockMiB * 1024 * 1024 };
var (blobs, _) = StorageClients.FromConnectionString(azurite.ConnectionString, options);
await blobs.CreateContainerIfNotExistsAsync("bench");
var self = Process.GetCurrentProcess();
self.Refresh();
var baseline = self.WorkingSet64;

using var source = new GeneratedStream(length, seed: 42);
var upload = Stopwatch.StartNew();
await blobs.UploadAsync("bench", "big.bin", source);
upload.Stop();

var download = Stopwatch.StartNew();
byte[] downloaded;
await using (var reader = await blobs.OpenReadAsync("bench", "big.bin") ?? throw new InvalidOperationException("blob missing"))
{
    downloaded = await SHA256.HashDataAsync(reader.Content);
}

download.Stop();
self.Refresh();

var mb = length / 1e6;
Console.WriteLine($"size           {sizeMiB} MiB, block {blockMiB} MiB");
Console.WriteLine($"upload         {upload.Elapsed.TotalSeconds,8:F2} s  {mb / upload.Elapsed.TotalSeconds,8:F1} MB/s");
Console.WriteLine($"download       {download.Elapsed.TotalSeconds,8:F2} s  {mb / download.Elapsed.TotalSeconds,8:F1} MB/s");
Console.WriteLine($"sha256 match   {source.Sha256().AsSpan().SequenceEqual(downloaded)}");
Console.WriteLine($"working set    baseline {baseline / 1048576.0:F0} MiB, peak {self.PeakWorkingSet64 / 1048576.0:F0} MiB (this process)");
using var node = Process.GetProcessById(azurite.ProcessId);
Console.WriteLine($"azurite peak   {node.PeakWorkingSet64 / 1048576.0:F0} MiB (holds the blob: in-memory persistence)");
return source.Sha256().AsSpan().SequenceEqual(downloaded) ? 0 : 1;
