using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Augment.Pipeline;
using Augment.Storage;

namespace Augment.Bench;

/// <summary>
/// The <c>faults</c> suite: bad inputs through the real local host, uploaded the way a user's tool would (straight to
/// <c>datasets/{name}/data.csv</c>, augment.json first, in Azurite). One Azurite (persistent, in a scratch folder) and one
/// host (the built CLI's <c>augment.dll host</c>, trainers as child processes) live for the whole bench; the cases
/// (<see cref="Cases"/>) run one after another, each in its own dataset folder. A case is clean when its run ends
/// Failed within the limit (30 s from the CSV's upload) with a reason that is one line, starts with the expected stage
/// (<c>Profile failed: …</c>), names the problem (a pattern per case) and holds no .NET type name (no <c>Exception</c>,
/// no <c>System.</c>); when the uploaded CSV and augment.json still have their ETag and bytes; and when nothing exists
/// under <c>augmented/{dataset}/</c>. A run still not ended at the limit is stuck (given 30 s more to say how it ends,
/// then terminated); a changed source blob or anything under <c>augmented/</c> is lost. The resident memory of the
/// host's process tree is sampled from /proc every 200 ms for the whole bench.
/// Options: <c>--cases 1,7,18</c> (a subset, by number), <c>--limit-s S</c> (default 30), <c>--keep</c> (keep the scratch folder).
/// Needs the CLI built in the same configuration: <c>dotnet build -c Release src/Augment.Cli</c>.
/// Per-case lines go to stderr; stdout ends with one JSON line. Exit code 0 when every case is clean.
/// </summary>
internal static partial class FaultsBench
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a stuck run is watched after the limit before it is terminated.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = CrashBench.FindSolutionRoot();
        if (root is null)
        {
            await Console.Error.WriteLineAsync($"faults: no folder with AugmentFunctions.sln above {AppContext.BaseDirectory}.");
            return 2;
        }

        var limit = TimeSpan.FromSeconds(CrashBench.Number(args, "--limit-s", 30));
        var keep = args.Contains("--keep");
        var cases = Cases();
        if (CrashBench.Text(args, "--cases") is { } subset)
        {
            var numbers = subset.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToHashSet();
            cases = [.. cases.Where(c => numbers.Contains(c.Number))];
        }

        var configuration = CrashBench.ConfigurationOf(AppContext.BaseDirectory);
        var cli = Path.Combine(root, "src", "Augment.Cli", "bin", configuration, "net10.0", "augment.dll");
        if (!File.Exists(cli))
        {
            await Console.Error.WriteLineAsync($"faults: {cli} does not exist; build it first: dotnet build -c {configuration} src/Augment.Cli");
            return 2;
        }

        var cpu = LscpuModelName();
        var scratch = Directory.CreateTempSubdirectory("augment-faults-").FullName;
        Log($"host {cli} (built {File.GetLastWriteTime(cli):yyyy-MM-dd HH:mm:ss}); cpu {cpu}; {Environment.ProcessorCount} cores; {cases.Count} cases, limit {limit.TotalSeconds:0} s; scratch {scratch}");
        var wall = Stopwatch.StartNew();

        Log("starting Azurite (persistent)…");
        await using var azurite = await AzuriteEmulator.StartAsync(new AzuriteOptions { Location = Path.Combine(scratch, "azurite"), RepositoryRoot = root });
        var blobs = StorageClients.FromConnectionString(azurite.ConnectionString).Blobs;
        await blobs.CreateContainerIfNotExistsAsync(WorkArea.DatasetsContainer);
        var settings = Path.Combine(scratch, "local.settings.json");
        await File.WriteAllTextAsync(settings, CrashBench.SettingsJson(azurite.ConnectionString, Path.Combine(scratch, "trainer-logs")));

        CrashBench.HostProcess host;
        try
        {
            host = await CrashBench.HostProcess.StartAsync(cli, settings, CrashBench.FreePort(), scratch, 1);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"faults: {ex.Message}\nfaults: scratch kept in {scratch}");
            return 1;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var api = new CrashBench.Api(http, host.BaseAddress, host.Key);
        Log($"host up in {host.StartSeconds:F1} s");

        using var stopSampling = new CancellationTokenSource();
        var maxRss = 0L;
        var sampler = Task.Run(async () =>
        {
            while (!stopSampling.IsCancellationRequested)
            {
                maxRss = Math.Max(maxRss, host.TreeRssBytes());
                try
                {
                    await Task.Delay(200, stopSampling.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });

        var results = new List<CaseResult>();
        var ok = false;
        try
        {
            foreach (var fault in cases)
            {
                var result = await RunCaseAsync(fault, api, http, host, blobs, limit);
                results.Add(result);
                Log(result.Line());
            }

            await stopSampling.CancelAsync();
            await sampler;
            var failTimes = results.Where(r => r.FailSeconds > 0).Select(r => r.FailSeconds).ToList();
            var clean = results.Count(r => r.Clean);
            Log(string.Create(CultureInfo.InvariantCulture, $"{clean} of {results.Count} cases clean; wall {wall.Elapsed.TotalSeconds:F0} s"));
            foreach (var r in results.Where(r => !r.Clean))
            {
                Log($"NOT CLEAN {r.Case.Label}: {string.Join("; ", r.Problems)}");
            }

            Console.WriteLine(Json(results.Count, clean, results.Count(r => r.Stuck), results.Count(r => r.Lost), maxRss, failTimes, cpu));
            ok = clean == results.Count;
            return ok ? 0 : 1;
        }
        finally
        {
            await stopSampling.CancelAsync();
            await sampler;
            host.KillTree();
            host.Dispose();
            await azurite.DisposeAsync();
            if (ok && !keep)
            {
                CrashBench.TryDelete(scratch);
            }
            else
            {
                await Console.Error.WriteLineAsync($"faults: scratch kept in {scratch} (host log host-1.log, trainer logs trainer-logs/, Azurite data azurite/)");
            }
        }
    }

    /// <summary>Uploads one case, follows its run to the end (or the limit) and checks reason, source blobs and outputs.</summary>
    private static async Task<CaseResult> RunCaseAsync(FaultCase fault, CrashBench.Api api, HttpClient http, CrashBench.HostProcess host, IBlobStore blobs, TimeSpan limit)
    {
        var result = new CaseResult(fault);
        var csvName = $"{fault.Dataset}/data.csv";
        var specName = $"{fault.Dataset}/{WorkArea.SpecFileName}";
        BlobInfo? specInfo = null;
        if (fault.Spec is not null)
        {
            specInfo = await blobs.UploadAsync(WorkArea.DatasetsContainer, specName, new MemoryStream(fault.Spec));
        }

        var csvInfo = await blobs.UploadAsync(WorkArea.DatasetsContainer, csvName, new MemoryStream(fault.Csv));
        var clock = Stopwatch.StartNew();

        // The run the blob trigger starts: the only id with the dataset's slug as its prefix.
        string? id = null;
        while (id is null && clock.Elapsed < limit)
        {
            if (await api.ListIdsAsync(RunStarter.Slug(fault.Dataset) + "-") is { Count: > 0 } ids)
            {
                id = ids[0];
                if (ids.Count > 1)
                {
                    result.Problems.Add($"{ids.Count} runs started ({string.Join(", ", ids)})");
                }
            }
            else
            {
                await Task.Delay(PollInterval);
            }
        }

        if (id is null)
        {
            // The blob trigger said why in the host's log, if anywhere.
            result.Status = "no run";
            var warning = host.Tail(200).Split('\n').LastOrDefault(l => l.Contains(csvName, StringComparison.Ordinal) && l.Contains("starts no run", StringComparison.Ordinal));
            result.Problems.Add(warning is null ? $"no run started within {limit.TotalSeconds:0} s and no warning in the host's log" : $"no run started (host: {warning.Trim()})");
        }
        else
        {
            result.RunId = id;
            var status = await WaitAsync(api, id, limit - clock.Elapsed);
            if (status is { IsTerminal: true })
            {
                result.FailSeconds = clock.Elapsed.TotalSeconds;
                if (clock.Elapsed > limit)
                {
                    result.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"ended only after {result.FailSeconds:F1} s"));
                }
            }
            else
            {
                result.Stuck = true;
                result.Problems.Add($"still {status?.RuntimeStatus ?? "unanswered"} at {status?.Stage ?? "?"} after {limit.TotalSeconds:0} s ({status?.Message})");
                status = await WaitAsync(api, id, Grace);
                if (status is { IsTerminal: true })
                {
                    result.FailSeconds = clock.Elapsed.TotalSeconds;
                    result.Problems.Add(string.Create(CultureInfo.InvariantCulture, $"ended {status.RuntimeStatus} only after {result.FailSeconds:F1} s"));
                }
                else
                {
                    await TerminateAsync(http, host, id);
                    result.Problems.Add($"not ended {Grace.TotalSeconds:0} s later either; terminated");
                }
            }

            result.Status = status?.RuntimeStatus ?? "unanswered";
            result.Reason = status is null ? null : Output(status.Body);
            if (status is { IsTerminal: true })
            {
                CheckReason(fault, result);
            }
        }

        await CheckSourceAsync(blobs, csvName, csvInfo, fault.Csv, result);
        if (specInfo is not null)
        {
            await CheckSourceAsync(blobs, specName, specInfo, fault.Spec!, result);
        }

        var outputs = await ListAsync(blobs, WorkArea.OutputContainer, fault.Dataset + "/");
        if (outputs.Count > 0 && result.Status != "Completed")
        {
            result.Lost = true;
            result.Problems.Add($"half-done output: augmented/{string.Join(", augmented/", outputs.Take(5))}");
        }

        return result;
    }

    /// <summary>The reason's form: Failed, one line, the expected stage first, the problem named, no .NET type name.</summary>
    private static void CheckReason(FaultCase fault, CaseResult result)
    {
        if (result.Status != "Failed")
        {
            result.Problems.Add($"ended {result.Status}, not Failed");
            return;
        }

        var reason = result.Reason ?? "";
        if (reason.Length == 0)
        {
            result.Problems.Add("no failure reason");
            return;
        }

        if (reason.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            result.Problems.Add($"reason has {reason.Split('\n').Length} lines");
        }

        if (!reason.StartsWith(fault.Stage + " failed: ", StringComparison.Ordinal))
        {
            result.Problems.Add($"reason does not start with '{fault.Stage} failed: '");
        }

        if (TypeName().Match(reason) is { Success: true } typeName)
        {
            result.Problems.Add($".NET type name in the reason ('{typeName.Value}')");
        }

        if (!fault.Names.IsMatch(reason))
        {
            result.Problems.Add($"reason does not name the problem (expected /{fault.Names}/)");
        }
    }

    /// <summary>The uploaded blob still has the ETag and the bytes the bench gave it.</summary>
    private static async Task CheckSourceAsync(IBlobStore blobs, string name, BlobInfo uploaded, byte[] bytes, CaseResult result)
    {
        await using var now = await blobs.OpenReadAsync(WorkArea.DatasetsContainer, name);
        if (now is null)
        {
            result.Lost = true;
            result.Problems.Add($"datasets/{name} is gone");
            return;
        }

        using var copy = new MemoryStream();
        await now.Content.CopyToAsync(copy);
        if (now.Info.ETag != uploaded.ETag || !copy.ToArray().AsSpan().SequenceEqual(bytes))
        {
            result.Lost = true;
            result.Problems.Add($"datasets/{name} changed (ETag {uploaded.ETag.Value} → {now.Info.ETag.Value}, {bytes.Length} → {copy.Length} bytes)");
        }
    }

    private static async Task<List<string>> ListAsync(IBlobStore blobs, string container, string prefix)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await blobs.ListPageAsync(container, prefix, token);
            names.AddRange(page.Items.Select(b => b.Name));
            token = page.ContinuationToken;
        }
        while (token is not null);

        return names;
    }

    /// <summary>Polls the run until it ends or <paramref name="timeout"/> passes; the last status seen, or null.</summary>
    private static async Task<CrashBench.RunStatus?> WaitAsync(CrashBench.Api api, string id, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        CrashBench.RunStatus? last = null;
        do
        {
            last = await api.StatusAsync(id) ?? last;
            if (last is { IsTerminal: true })
            {
                return last;
            }

            await Task.Delay(PollInterval);
        }
        while (clock.Elapsed < timeout);

        return last;
    }

    private static async Task TerminateAsync(HttpClient http, CrashBench.HostProcess host, string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.BaseAddress, $"api/augmentations/{Uri.EscapeDataString(id)}/terminate?reason=faults-bench"));
        request.Headers.Add("x-functions-key", host.Key);
        using var response = await http.SendAsync(request);
    }

    /// <summary>The status's <c>output</c> (a failed run's reason) as text.</summary>
    private static string? Output(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("output", out var output)
                ? output.ValueKind == JsonValueKind.String ? output.GetString() : output.GetRawText()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Json(int cases, int clean, int stuck, int lost, long maxRss, List<double> failTimes, string cpu)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("cases", cases);
            w.WriteNumber("clean_failures", clean);
            w.WriteNumber("stuck", stuck);
            w.WriteNumber("lost", lost);
            w.WriteNumber("max_rss_mb", Math.Round(maxRss / 1048576.0));
            if (failTimes.Count > 0)
            {
                w.WriteNumber("max_fail_s", Math.Round(failTimes.Max(), 1));
            }
            else
            {
                w.WriteNull("max_fail_s");
            }

            w.WriteString("cpu", cpu);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>lscpu's "Model name", or /proc/cpuinfo's when lscpu is missing.</summary>
    private static string LscpuModelName()
    {
        try
        {
            using var lscpu = Process.Start(new ProcessStartInfo("lscpu") { RedirectStandardOutput = true, UseShellExecute = false, Environment = { ["LC_ALL"] = "C" } })!;
            var text = lscpu.StandardOutput.ReadToEnd();
            lscpu.WaitForExit();
            if (text.Split('\n').FirstOrDefault(l => l.StartsWith("Model name:", StringComparison.Ordinal)) is { } line)
            {
                return line["Model name:".Length..].Trim();
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No lscpu here.
        }

        return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
    }

    /// <summary>What gives a .NET type away: "Exception", "System.", or a dotted PascalCase name of three or more parts.</summary>
    [GeneratedRegex(@"\w*Exception\b|\bSystem\.\w+|\b[A-Z]\w*(\.[A-Z]\w*){2,}\b")]
    private static partial Regex TypeName();

    private static void Log(string line) => Console.Error.WriteLine("faults: " + line);

    /// <summary>What one case saw.</summary>
    private sealed class CaseResult(FaultCase fault)
    {
        public FaultCase Case { get; } = fault;

        public string? RunId { get; set; }

        public string Status { get; set; } = "?";

        public string? Reason { get; set; }

        public double FailSeconds { get; set; }

        public bool Stuck { get; set; }

        public bool Lost { get; set; }

        public List<string> Problems { get; } = [];

        public bool Clean => Problems.Count == 0;

        public string Line() => string.Create(CultureInfo.InvariantCulture,
            $"[{Case.Label}] {Status}{(FailSeconds > 0 ? $" in {FailSeconds:F1} s" : "")}: {Reason ?? "(no reason)"} — {(Clean ? "clean" : "NOT CLEAN: " + string.Join("; ", Problems))}");
    }
}
