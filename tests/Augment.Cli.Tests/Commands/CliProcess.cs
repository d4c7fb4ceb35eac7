using System.Diagnostics;

namespace Augment.Cli.Tests.Commands;

/// <summary>Runs the real <c>augment</c> program (the built augment.dll) as a child process.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string LastLine => StdOut.TrimEnd().Split('\n')[^1];
    }

    public static async Task<Result> RunAsync(TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoFiles.Root,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "augment.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"augment {string.Join(' ', args)} did not exit within {timeout}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
