using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Augment.Pipeline;
using Augment.Storage;

namespace Augment.Bench;

/// <summary>
/// The <c>crash</c> suite: crash recovery of the local host on a persistent Azurite. One Azurite (persistent, in a
/// scratch folder) lives for the whole bench; the host is the built CLI (<c>augment.dll host</c>) as a child process on
/// that storage and one fixed port. First an uninterrupted reference run, then one run per kill point (Training,
/// Sampling, Filtering, Evaluating, Merging): upload, poll the run's status every ~100 ms until it shows the stage (or a
/// later one), SIGKILL the host's whole process tree (the host and its trainer children), start the host again on the
/// same storage and port, and time from the new host's "API:" line to the run's completion. Each run's synthetic.csv is
/// compared byte for byte with the reference's, and <c>augmented/{dataset}/</c> is checked for exactly one run folder
/// holding the four outputs. Every run uploads the same CSV and augment.json under its own dataset folder (a run id is
/// <c>{dataset slug}-{hash of CSV + spec}</c>, so the folder name alone makes the runs distinct).
/// Options: <c>--csv FILE</c> (default samples/adult.csv), <c>--rows N</c> (first N data rows; default all),
/// <c>--model NAME</c> (default tvae), <c>--epochs N</c> (default 10: a fit of several seconds, so the Training kill finds a trainer mid-fit), <c>--seed N</c> (42), <c>--stages a,b</c> (a subset
/// of the kill points), <c>--run-timeout-s S</c> (per run, default 900), <c>--keep</c> (keep the scratch folder).
/// Needs the CLI built in the same configuration: <c>dotnet build -c Release src/Augment.Cli</c>.
/// </summary>
internal static partial class CrashBench
{
    /// <summary>The stages the orchestration puts in its custom status, in order.</summary>
    private static readonly string[] StageOrder = ["Profiling", "Training", "Sampling", "Filtering", "Evaluating", "AwaitingApproval", "Merging", "Done"];

    private static readonly string[] KillPoints = ["Training", "Sampling", "Filtering", "Evaluating", "Merging"];

    private static readonly string[] OutputFiles = ["augmented.csv", "synthetic.csv", "report.html", "report.json"];

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = FindSolutionRoot();
        if (root is null)
        {
            await Console.Error.WriteLineAsync($"crash: no folder with AugmentFunctions.sln above {AppContext.BaseDirectory}.");
            return 2;
        }

        var csvPath = Text(args, "--csv") ?? Path.Combine(root, "samples", "adult.csv");
        var rows = Number(args, "--rows", 0);
        var model = Text(args, "--model") ?? "tvae";
        var epochs = Number(args, "--epochs", 10);
        var seed = Number(args, "--seed", 42);
        var runTimeout = TimeSpan.FromSeconds(Number(args, "--run-timeout-s", 900));
        var keep = args.Contains("--keep");
        var points = Text(args, "--stages") is { } subset
            ? [.. subset.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => KillPoints.First(k => k.Equals(s, StringComparison.OrdinalIgnoreCase)))]
            : KillPoints;

        var configuration = ConfigurationOf(AppContext.BaseDirectory);
        var cli = Path.Combine(root, "src", "Augment.Cli", "bin", configuration, "net10.0", "augment.dll");
        if (!File.Exists(cli))
        {
            await Console.Error.WriteLineAsync($"crash: {cli} does not exist; build it first: dotnet build -c {configuration} src/Augment.Cli");
            return 2;
        }

        if (!File.Exists(csvPath))
        {
            await Console.Error.WriteLineAsync($"crash: the file '{csvPath}' does not exist.");
            return 2;
        }

        var csv = ReadCsv(csvPath, rows, out var dataRows);
        var spec = Encoding.UTF8.GetBytes($"{{\"target\":\"income\",\"model\":\"{model}\",\"epochs\":{epochs},\"seed\":{seed}}}");
        var cpu = CpuName();
        var scratch = Directory.CreateTempSubdirectory("augment-crash-").FullName;
        Console.WriteLine($"crash: host {cli} (built {File.GetLastWriteTime(cli):yyyy-MM-dd HH:mm:ss}); cpu {cpu}; {Environment.ProcessorCount} cores");
        Console.WriteLine($"crash: data {csvPath} ({dataRows} rows, {csv.Length / 1024} KiB), spec {Encoding.UTF8.GetString(spec)}; scratch {scratch}");

        Console.WriteLine("starting Azurite (persistent, kept alive across host kills)…");
        await using var azurite = await AzuriteEmulator.StartAsync(new AzuriteOptions { Location = Path.Combine(scratch, "azurite"), RepositoryRoot = root });
        var blobs = StorageClients.FromConnectionString(azurite.ConnectionString).Blobs;
        var port = FreePort();
        var settings = Path.Combine(scratch, "local.settings.json");
        await File.WriteAllTextAsync(settings, SettingsJson(azurite.ConnectionString, Path.Combine(scratch, "trainer-logs")));

        var hostStarts = 0;
        HostProcess host;
        try
        {
            host = await HostProcess.StartAsync(cli, settings, port, scratch, ++hostStarts);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"crash: {ex.Message}\ncrash: scratch kept in {scratch}");
            return 1;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var api = new Api(http, host.BaseAddress, host.Key);
        Console.WriteLine($"host up on port {port} in {host.StartSeconds:F1} s (key {host.Key[..6]}…)");

        var results = new List<PointResult>();
        var ok = false;
        try
        {
            // The reference: the same bytes, never interrupted.
            Console.WriteLine("reference run (uninterrupted)…");
            var reference = await UploadAsync(api, "crash-reference", csv, spec);
            var refClock = Stopwatch.StartNew();
            var seen = new Dictionary<string, double>(StringComparer.Ordinal);
            var refFinal = await WaitAsync(api, reference, runTimeout, status =>
            {
                seen.TryAdd(status.Stage ?? "?", refClock.Elapsed.TotalSeconds);
                return false;
            });
            var referenceSeconds = refClock.Elapsed.TotalSeconds;
            if (refFinal.RuntimeStatus != "Completed")
            {
                await Console.Error.WriteLineAsync($"crash: the reference run {reference} ended {refFinal.RuntimeStatus}: {refFinal.Body}");
                await Console.Error.WriteLineAsync(host.Tail(40));
                return 1;
            }

            var stageTimes = StageDurations(seen, referenceSeconds);
            Console.WriteLine($"reference {reference}: {referenceSeconds:F1} s; stages {string.Join(", ", stageTimes.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:F1} s")))}");
            var referenceSynthetic = await api.FileAsync(reference, "synthetic.csv");
            var referenceAugmented = await api.FileAsync(reference, "augmented.csv");
            var referenceDuplicates = await DuplicatesAsync(api, blobs, "crash-reference", reference);
            Console.WriteLine($"reference synthetic.csv {referenceSynthetic?.Length ?? 0} bytes; duplicates {referenceDuplicates.Count}{Detail(referenceDuplicates.Why)}");
            if (referenceSynthetic is null)
            {
                await Console.Error.WriteLineAsync("crash: the reference run has no synthetic.csv.");
                return 1;
            }

            foreach (var stage in points)
            {
                var dataset = "crash-" + stage.ToLowerInvariant();
                var id = await UploadAsync(api, dataset, csv, spec);
                var clock = Stopwatch.StartNew();
                // Training: kill once a trainer child has been alive for 2 s (it has read its rows and is fitting), or
                // once it reported progress; any other stage at the first poll that shows it. A later stage kills too.
                var target = Array.IndexOf(StageOrder, stage);
                var trainerSeen = new Stopwatch();
                var atKill = await WaitAsync(api, id, runTimeout, status =>
                {
                    if (status.StageIndex != target || stage != "Training")
                    {
                        return status.StageIndex >= target;
                    }

                    if (!trainerSeen.IsRunning && host.TrainerCount() > 0)
                    {
                        trainerSeen.Start();
                    }

                    return status.Message?.Contains("loss", StringComparison.Ordinal) == true || trainerSeen.Elapsed > TimeSpan.FromSeconds(2);
                });
                var point = new PointResult(stage, dataset, id) { Hit = atKill.Stage ?? "?", KillAtSeconds = clock.Elapsed.TotalSeconds, KillMessage = atKill.Message };
                results.Add(point);
                if (atKill.IsTerminal)
                {
                    point.Hit = "none (ended " + atKill.RuntimeStatus + ")";
                    point.Failure = $"the run ended before it reached {stage}: {atKill.Body}";
                    Console.WriteLine($"[{stage}] missed: {point.Failure}");
                    continue;
                }

                var killed = host.KillTree();
                point.TrainersKilled = killed.Trainers;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{stage}] SIGKILL at {point.KillAtSeconds:F1} s in {point.Hit} ({atKill.Message}); {killed.Processes} processes ({killed.Trainers} trainers){(killed.Survivors > 0 ? $", {killed.Survivors} SURVIVED" : "")}"));
                var stderrBeforeRestart = host.Tail(40);
                host.Dispose();
                host = await HostProcess.StartAsync(cli, settings, port, scratch, ++hostStarts);
                api = new Api(http, host.BaseAddress, host.Key);
                point.RestartSeconds = host.StartSeconds;
                var final = await WaitAsync(api, id, runTimeout, status =>
                {
                    // TrainingJobStep's line when it starts a trainer the runner reported lost (Unknown on 2 polls in a row).
                    point.TrainerRestarted |= status.Message?.Contains("restarted after it was lost", StringComparison.Ordinal) == true;
                    return false;
                });
                point.RecoverySeconds = host.SinceApiLine.Elapsed.TotalSeconds;
                point.Completed = final.RuntimeStatus == "Completed";
                if (!point.Completed)
                {
                    point.Failure = $"ended {final.RuntimeStatus} after the restart: {final.Body}";
                    Console.WriteLine($"[{stage}] NOT RECOVERED: {point.Failure}");
                    Console.WriteLine($"[{stage}] killed host's output tail:\n{stderrBeforeRestart}\n[{stage}] restarted host's output tail:\n{host.Tail(40)}");
                    continue;
                }

                var synthetic = await api.FileAsync(id, "synthetic.csv");
                var augmented = await api.FileAsync(id, "augmented.csv");
                point.Identical = synthetic is not null && synthetic.AsSpan().SequenceEqual(referenceSynthetic);
                var augmentedIdentical = augmented is not null && referenceAugmented is not null && augmented.AsSpan().SequenceEqual(referenceAugmented);
                var duplicates = await DuplicatesAsync(api, blobs, dataset, id);
                point.Duplicates = duplicates.Count;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{stage}] recovered: completed {point.RecoverySeconds:F1} s after the restart's API line (host up in {point.RestartSeconds:F1} s{(point.TrainerRestarted ? ", lost trainer restarted" : "")}); synthetic.csv {(point.Identical ? "identical" : $"DIFFERENT ({synthetic?.Length ?? 0} vs {referenceSynthetic.Length} bytes)")}, augmented.csv {(augmentedIdentical ? "identical" : "DIFFERENT")}; duplicates {duplicates.Count}{Detail(duplicates.Why)}"));
            }

            var completed = results.Count(r => r.Completed);
            var recoveries = results.Where(r => r.Completed).Select(r => r.RecoverySeconds).ToList();
            Console.WriteLine();
            Console.WriteLine($"{"kill point",-11} {"hit",-11} {"kill s",7} {"restart s",9} {"recovery s",10} {"trainers",8} {"identical",9} {"dupes",5}");
            foreach (var r in results)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Stage,-11} {r.Hit,-11} {r.KillAtSeconds,7:F1} {r.RestartSeconds,9:F1} {(r.Completed ? r.RecoverySeconds.ToString("F1", CultureInfo.InvariantCulture) : "-"),10} {r.TrainersKilled,8} {(r.Completed ? r.Identical ? "yes" : "NO" : "-"),9} {r.Duplicates,5}"));
            }

            Console.WriteLine(Json(results, completed, recoveries, cpu, dataRows, model, epochs, seed, referenceSeconds, stageTimes));
            ok = completed == results.Count && results.All(r => r.Identical && r.Duplicates == 0);
            return ok ? 0 : 1;
        }
        finally
        {
            host.KillTree();
            host.Dispose();
            await azurite.DisposeAsync();
            if (ok && !keep)
            {
                TryDelete(scratch);
            }
            else
            {
                Console.Error.WriteLine($"crash: scratch kept in {scratch} (host logs host-*.log, trainer logs trainer-logs/, Azurite data azurite/)");
            }
        }
    }

    /// <summary>Uploads augment.json, then the CSV, to <c>datasets/{dataset}/</c> and returns the run id the blob trigger started.</summary>
    private static async Task<string> UploadAsync(Api api, string dataset, byte[] csv, byte[] spec)
    {
        await api.UploadAsync($"{dataset}/augment.json", spec);
        await api.UploadAsync($"{dataset}/data.csv", csv);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            var ids = await api.ListIdsAsync(dataset + "-");
            if (ids is [var id])
            {
                return id;
            }

            if (ids is { Count: > 1 })
            {
                throw new InvalidOperationException($"{ids.Count} runs for {dataset}: {string.Join(", ", ids)}");
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"the blob trigger started no run for datasets/{dataset}/data.csv within 2 min");
    }

    /// <summary>Polls the run until <paramref name="stop"/> says so or it ends; a host that does not answer is retried.</summary>
    private static async Task<RunStatus> WaitAsync(Api api, string id, TimeSpan timeout, Func<RunStatus, bool> stop)
    {
        var clock = Stopwatch.StartNew();
        var last = new RunStatus("(no answer)", null, null, -1, "");
        while (clock.Elapsed < timeout)
        {
            if (await api.StatusAsync(id) is { } status)
            {
                last = status;
                if (status.IsTerminal || stop(status))
                {
                    return status;
                }
            }

            await Task.Delay(PollInterval);
        }

        return last with { RuntimeStatus = "TimedOut(" + last.RuntimeStatus + ")" };
    }

    /// <summary>
    /// What is more than one run folder with the four outputs under <c>augmented/{dataset}/</c>, plus runs beyond the one
    /// for the dataset's id prefix.
    /// </summary>
    private static async Task<(int Count, string Why)> DuplicatesAsync(Api api, IBlobStore blobs, string dataset, string id)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await blobs.ListPageAsync(WorkArea.OutputContainer, dataset + "/", token);
            names.AddRange(page.Items.Select(b => b.Name[(dataset.Length + 1)..]));
            token = page.ContinuationToken;
        }
        while (token is not null);

        var why = new List<string>();
        var folders = names.Select(n => n.Split('/')[0]).Distinct(StringComparer.Ordinal).ToList();
        var extraFolders = folders.Where(f => f != id).ToList();
        if (extraFolders.Count > 0)
        {
            why.Add("run folders " + string.Join(", ", extraFolders));
        }

        var extraFiles = names.Where(n => n.StartsWith(id + "/", StringComparison.Ordinal) && !OutputFiles.Contains(n[(id.Length + 1)..])).ToList();
        if (extraFiles.Count > 0)
        {
            why.Add("files " + string.Join(", ", extraFiles));
        }

        var missing = OutputFiles.Where(f => !names.Contains(id + "/" + f)).ToList();
        if (missing.Count > 0)
        {
            why.Add("(missing " + string.Join(", ", missing) + ")");
        }

        var runs = await api.ListIdsAsync(dataset + "-");
        var extraRuns = runs?.Where(r => r != id).ToList() ?? [];
        if (extraRuns.Count > 0)
        {
            why.Add("runs " + string.Join(", ", extraRuns));
        }

        return (extraFolders.Count + extraFiles.Count + extraRuns.Count, string.Join("; ", why));
    }

    private static Dictionary<string, double> StageDurations(Dictionary<string, double> firstSeen, double total)
    {
        var ordered = firstSeen.Where(s => Array.IndexOf(StageOrder, s.Key) >= 0).OrderBy(s => s.Value).ToList();
        var durations = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Key != "Done")
            {
                durations[ordered[i].Key] = (i + 1 < ordered.Count ? ordered[i + 1].Value : total) - ordered[i].Value;
            }
        }

        return durations;
    }

    private static string Json(List<PointResult> results, int completed, List<double> recoveries, string cpu, int dataRows, string model, int epochs, int seed, double referenceSeconds, Dictionary<string, double> stageTimes)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("kill_points", results.Count);
            w.WriteNumber("completed", completed);
            w.WriteNumber("identical_outputs", results.Count(r => r.Completed && r.Identical));
            if (recoveries.Count > 0)
            {
                w.WriteNumber("max_recovery_s", Math.Round(recoveries.Max(), 1));
            }
            else
            {
                w.WriteNull("max_recovery_s");
            }

            w.WriteNumber("duplicate_outputs", results.Sum(r => r.Duplicates));
            w.WriteString("cpu", cpu);
            w.WriteNumber("cores", Environment.ProcessorCount);
            w.WriteNumber("rows", dataRows);
            w.WriteString("model", model);
            w.WriteNumber("epochs", epochs);
            w.WriteNumber("seed", seed);
            w.WriteNumber("reference_s", Math.Round(referenceSeconds, 1));
            w.WriteStartObject("reference_stage_s");
            foreach (var (stage, seconds) in stageTimes)
            {
                w.WriteNumber(stage, Math.Round(seconds, 2));
            }

            w.WriteEndObject();
            w.WriteStartArray("points");
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteString("stage", r.Stage);
                w.WriteString("hit", r.Hit);
                w.WriteNumber("kill_at_s", Math.Round(r.KillAtSeconds, 1));
                w.WriteNumber("trainers_killed", r.TrainersKilled);
                w.WriteBoolean("trainer_restarted", r.TrainerRestarted);
                w.WriteNumber("restart_s", Math.Round(r.RestartSeconds, 1));
                w.WriteBoolean("completed", r.Completed);
                if (r.Completed)
                {
                    w.WriteNumber("recovery_s", Math.Round(r.RecoverySeconds, 1));
                }

                w.WriteBoolean("identical", r.Identical);
                w.WriteNumber("duplicates", r.Duplicates);
                if (r.Failure is not null)
                {
                    w.WriteString("failure", r.Failure.Length > 300 ? r.Failure[..300] : r.Failure);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static byte[] ReadCsv(string path, int rows, out int dataRows)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var take = rows > 0 ? Math.Min(rows, lines.Count - 1) : lines.Count - 1;
        dataRows = take;
        return Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(take + 1)) + "\n");
    }

    internal static string SettingsJson(string connection, string trainerLogs)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteBoolean("IsEncrypted", false);
            w.WriteStartObject("Values");
            w.WriteString("AzureWebJobsStorage", connection);
            w.WriteString("FUNCTIONS_WORKER_RUNTIME", "dotnet-isolated");
            // Far from any bench run (Feb 29 only); the datasets have no schedule anyway.
            w.WriteString("NightlySchedule", "0 0 3 29 2 *");
            w.WriteString("Augment__Training__Runner", "Local");
            w.WriteString("Augment__Training__LogDirectory", trainerLogs);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The CPU's model name and its widest vector extension, from /proc/cpuinfo.</summary>
    internal static string CpuName()
    {
        try
        {
            var lines = File.ReadAllLines("/proc/cpuinfo");
            var name = lines.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
            var flags = (lines.FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(':', 2)[1] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var simd = flags.Contains("avx512f") ? "avx512f" : flags.Contains("avx2") ? "avx2" : "no avx2";
            return $"{name} ({simd})";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    internal static string? FindSolutionRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "AugmentFunctions.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>The build configuration this bench runs from (the folder above net10.0), so the host is built the same way.</summary>
    internal static string ConfigurationOf(string baseDirectory)
    {
        var parts = baseDirectory.TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        return parts.Length >= 2 && parts[^1].StartsWith("net", StringComparison.Ordinal) ? parts[^2] : "Release";
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Detail(string why) => why.Length == 0 ? "" : $" ({why})";

    internal static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Scratch only.
        }
    }

    internal static string? Text(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    internal static int Number(string[] args, string name, int fallback) =>
        Text(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>One run's status as the management API reports it.</summary>
    internal sealed record RunStatus(string RuntimeStatus, string? Stage, string? Message, int StageIndex, string Body)
    {
        public bool IsTerminal => RuntimeStatus is "Completed" or "Failed" or "Terminated" or "Canceled";
    }

    private sealed class PointResult(string stage, string dataset, string id)
    {
        public string Stage { get; } = stage;

        public string Dataset { get; } = dataset;

        public string Id { get; } = id;

        public string Hit { get; set; } = "";

        public string? KillMessage { get; set; }

        public double KillAtSeconds { get; set; }

        public int TrainersKilled { get; set; }

        public bool TrainerRestarted { get; set; }

        public double RestartSeconds { get; set; }

        public double RecoverySeconds { get; set; }

        public bool Completed { get; set; }

        public bool Identical { get; set; }

        public int Duplicates { get; set; }

        public string? Failure { get; set; }
    }

    /// <summary>The management API with the host's key; a host that is down answers null rather than throwing.</summary>
    internal sealed class Api(HttpClient http, Uri baseAddress, string key)
    {
        public async Task UploadAsync(string name, byte[] content)
        {
            using var request = Request(HttpMethod.Post, "api/augmentations/upload?name=" + Uri.EscapeDataString(name));
            request.Content = new ByteArrayContent(content);
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"upload {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        public async Task<List<string>?> ListIdsAsync(string prefix)
        {
            try
            {
                using var request = Request(HttpMethod.Get, "api/augmentations?instanceIdPrefix=" + Uri.EscapeDataString(prefix));
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                {
                    return null;
                }

                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return [.. json.RootElement.EnumerateArray().Select(e => e.GetProperty("instanceId").GetString()!)];
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                return null;
            }
        }

        public async Task<RunStatus?> StatusAsync(string id)
        {
            try
            {
                using var request = Request(HttpMethod.Get, "api/augmentations/" + Uri.EscapeDataString(id) + "?showInput=false");
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Accepted))
                {
                    return null;
                }

                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                string? stage = null, message = null;
                if (root.TryGetProperty("customStatus", out var custom) && custom.ValueKind == JsonValueKind.Object)
                {
                    stage = Property(custom, "stage");
                    message = Property(custom, "message");
                }

                return new RunStatus(root.GetProperty("runtimeStatus").GetString() ?? "?", stage, message, stage is null ? -1 : Array.IndexOf(StageOrder, stage), body);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
            {
                return null;
            }
        }

        public async Task<byte[]?> FileAsync(string id, string file)
        {
            using var request = Request(HttpMethod.Get, $"api/dashboard/runs/{Uri.EscapeDataString(id)}/files/{file}");
            using var response = await http.SendAsync(request);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsByteArrayAsync() : null;
        }

        private HttpRequestMessage Request(HttpMethod method, string relative)
        {
            var request = new HttpRequestMessage(method, new Uri(baseAddress, relative));
            request.Headers.Add("x-functions-key", key);
            return request;
        }

        private static string? Property(JsonElement element, string name)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.NameEquals(name) || string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
                }
            }

            return null;
        }
    }

    /// <summary><c>dotnet augment.dll host</c> as a child process: its output is kept (last lines in memory, all in a log file).</summary>
    internal sealed partial class HostProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StreamWriter _log;
        private readonly Queue<string> _tail = new();

        private HostProcess(Process process, StreamWriter log)
        {
            _process = process;
            _log = log;
        }

        public Uri BaseAddress { get; private set; } = null!;

        public string Key { get; private set; } = "";

        public double StartSeconds { get; private set; }

        /// <summary>Started when the host printed its "API:" line.</summary>
        public Stopwatch SinceApiLine { get; } = new();

        public static async Task<HostProcess> StartAsync(string cli, string settings, int port, string scratch, int number)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = scratch };
            foreach (var arg in new[] { cli, "host", "--port", port.ToString(CultureInfo.InvariantCulture), "--settings", settings })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["COLUMNS"] = "400";
            start.Environment["NO_COLOR"] = "1";
            var log = new StreamWriter(Path.Combine(scratch, $"host-{number}.log")) { AutoFlush = true };
            var clock = Stopwatch.StartNew();
            for (var attempt = 1; ; attempt++)
            {
                var process = new Process { StartInfo = start, EnableRaisingEvents = true };
                var host = new HostProcess(process, log);
                var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var text = new StringBuilder();
                void OnLine(string? line)
                {
                    if (line is null)
                    {
                        return;
                    }

                    line = Ansi().Replace(line, "");
                    host.Remember(line);
                    lock (text)
                    {
                        if (line.Contains("API: ", StringComparison.Ordinal) && !host.SinceApiLine.IsRunning)
                        {
                            host.SinceApiLine.Start();
                        }

                        text.AppendLine(line);
                        if (line.Contains("Ctrl+C stops", StringComparison.Ordinal))
                        {
                            ready.TrySetResult();
                        }
                    }
                }

                process.OutputDataReceived += (_, e) => OnLine(e.Data);
                process.ErrorDataReceived += (_, e) => OnLine(e.Data);
                process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("the host exited"));
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                try
                {
                    await ready.Task.WaitAsync(TimeSpan.FromMinutes(3));
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
                {
                    host.KillTree();
                    var tail = host.Tail(30);
                    process.Dispose();
                    if (attempt < 3)
                    {
                        // A port still held by the killed host's sockets: try again shortly.
                        await Console.Error.WriteLineAsync($"crash: host start {attempt} failed ({ex.Message}); retrying. Tail:\n{tail}");
                        await Task.Delay(TimeSpan.FromSeconds(2));
                        continue;
                    }

                    log.Dispose();
                    throw new InvalidOperationException($"the host did not start: {ex.Message}\n{tail}", ex);
                }

                string all;
                lock (text)
                {
                    all = text.ToString().ReplaceLineEndings(" ");
                }

                var api = ApiLine().Match(all);
                var key = KeyLine().Match(all);
                if (!api.Success || !key.Success)
                {
                    host.KillTree();
                    log.Dispose();
                    throw new InvalidOperationException($"the host printed no API line or key:\n{all}");
                }

                host.BaseAddress = new Uri(api.Groups[1].Value);
                host.Key = key.Groups[1].Value;
                host.StartSeconds = clock.Elapsed.TotalSeconds;
                return host;
            }
        }

        /// <summary>The resident memory of the host and every descendant (trainers included) now, in bytes, from /proc.</summary>
        public long TreeRssBytes()
        {
            long total = 0;
            foreach (var pid in Descendants(_process.Id).Prepend(_process.Id))
            {
                try
                {
                    // /proc/{pid}/status: "VmRSS:    123456 kB".
                    var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                    if (line is not null)
                    {
                        total += long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Gone meanwhile.
                }
            }

            return total;
        }

        /// <summary>How many trainer processes (<c>Augment.Trainer</c>) run under the host now.</summary>
        public int TrainerCount() => Descendants(_process.Id).Count(pid => CommandLine(pid).Contains("Augment.Trainer", StringComparison.Ordinal));

        /// <summary>SIGKILLs the host and every descendant (trainers included) and checks that none is left.</summary>
        public (int Processes, int Trainers, int Survivors) KillTree()
        {
            var descendants = Descendants(_process.Id);
            var trainers = descendants.Count(pid => CommandLine(pid).Contains("Augment.Trainer", StringComparison.Ordinal));
            try
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            var deadline = Stopwatch.StartNew();
            var survivors = descendants.Where(Alive).ToList();
            while (survivors.Count > 0 && deadline.Elapsed < TimeSpan.FromSeconds(5))
            {
                Thread.Sleep(50);
                survivors = [.. survivors.Where(Alive)];
            }

            return (descendants.Count + 1, trainers, survivors.Count);
        }

        public string Tail(int lines)
        {
            lock (_tail)
            {
                return string.Join('\n', _tail.Skip(Math.Max(0, _tail.Count - lines)));
            }
        }

        public void Dispose()
        {
            _process.Dispose();
            lock (_tail)
            {
                _log.Dispose();
            }
        }

        private void Remember(string line)
        {
            lock (_tail)
            {
                try
                {
                    _log.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // The host's output after the bench closed its log.
                }

                _tail.Enqueue(line);
                while (_tail.Count > 200)
                {
                    _tail.Dequeue();
                }
            }
        }

        private static List<int> Descendants(int root)
        {
            var parents = new Dictionary<int, int>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid))
                {
                    try
                    {
                        // /proc/{pid}/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
                        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                        parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
                    {
                        // Gone meanwhile.
                    }
                }
            }

            var result = new List<int>();
            var frontier = new Queue<int>([root]);
            while (frontier.Count > 0)
            {
                var parent = frontier.Dequeue();
                foreach (var (pid, ppid) in parents)
                {
                    if (ppid == parent)
                    {
                        result.Add(pid);
                        frontier.Enqueue(pid);
                    }
                }
            }

            return result;
        }

        private static bool Alive(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static string CommandLine(int pid)
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return "";
            }
        }

        [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
        private static partial Regex Ansi();

        [GeneratedRegex(@"API: (http://127\.0\.0\.1:\d+/)api/augmentations")]
        private static partial Regex ApiLine();

        [GeneratedRegex(@"Key: ([A-Za-z0-9_\-]+)")]
        private static partial Regex KeyLine();
    }
}
