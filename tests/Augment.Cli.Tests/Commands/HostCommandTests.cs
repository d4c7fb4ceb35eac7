using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Augment.Cli.Tests.Commands;

/// <summary>`augment host` as a real process: it prints the API URL and key, the API needs the key, and it stops cleanly.</summary>
public partial class HostCommandTests
{
    [Fact]
    public async Task Host_PrintsApiUrlAndKey_ApiAnswers401WithoutAnd200WithTheKey()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "augment.dll"));
        foreach (var arg in new[] { "host", "--port", "0", "--settings", Path.Combine(Path.GetTempPath(), "no-such-local.settings.json") })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["COLUMNS"] = "400";
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
                if (e.Data?.Contains("Ctrl+C", StringComparison.Ordinal) == true)
                {
                    ready.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
            string text;
            lock (output)
            {
                text = Ansi().Replace(output.ToString(), string.Empty).ReplaceLineEndings(" ");
            }

            var api = ApiLine().Match(text);
            var key = KeyLine().Match(text);
            Assert.True(api.Success && key.Success, text);
            Assert.Matches(@"Blob +DatasetUploaded", text);

            using var http = new HttpClient();
            using var anonymous = await http.GetAsync(new Uri(api.Groups[1].Value));
            using var request = new HttpRequestMessage(HttpMethod.Get, api.Groups[1].Value);
            request.Headers.Add("x-functions-key", key.Groups[1].Value);
            using var withKey = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
            Assert.Equal("[]", (await withKey.Content.ReadAsStringAsync()).Trim());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"API: (http://127\.0\.0\.1:\d+/api/augmentations)")]
    private static partial Regex ApiLine();

    [GeneratedRegex(@"Key: ([A-Za-z0-9_\-]+)")]
    private static partial Regex KeyLine();
}
