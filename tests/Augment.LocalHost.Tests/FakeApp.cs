using System.Text.Json;
using Augment.LocalHost.Metadata;

namespace Augment.LocalHost.Tests;

/// <summary>
/// The fake function app in FakeApp/ (a Node.js handler plus function.json files), copied per test so each has its
/// own invocation log (one JSON line per request the handler received).
/// </summary>
internal sealed class FakeApp : IDisposable
{
    public FakeApp()
    {
        Root = Directory.CreateTempSubdirectory("localhost-fakeapp-").FullName;
        var source = Path.Combine(AppContext.BaseDirectory, "FakeApp");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Root, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        LogPath = Path.Combine(Root, "invocations.log");
    }

    public string Root { get; }

    public string LogPath { get; }

    public AppSettings Settings(params (string Name, string Value)[] extra)
    {
        var values = new Dictionary<string, string> { ["FAKE_LOG"] = LogPath, ["FAKE_QUEUE"] = "fake-next", ["FAKE_SETTING"] = "from-settings" };
        foreach (var (name, value) in extra)
        {
            values[name] = value;
        }

        return new AppSettings(values);
    }

    public FunctionApp Load(AppSettings settings) => FunctionAppLoader.Load(Root, settings);

    /// <summary>Every request the handler recorded, in order.</summary>
    public IReadOnlyList<JsonElement> Invocations()
    {
        if (!File.Exists(LogPath))
        {
            return [];
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    /// <summary>Waits until an invocation matching <paramref name="match"/> was recorded.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var hit = Invocations().Where(match).Select(e => (JsonElement?)e).FirstOrDefault();
            if (hit is { } found)
            {
                return found;
            }

            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"no matching invocation within {timeout}; recorded: {Invocations().Count}");
            }

            await Task.Delay(50);
        }
    }

    public static bool IsPath(JsonElement e, string path) => e.GetProperty("path").GetString() == path;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
