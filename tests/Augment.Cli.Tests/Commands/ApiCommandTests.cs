using System.Text.Json;

namespace Augment.Cli.Tests.Commands;

/// <summary>submit, status, runs, fetch, approve, reject, terminate against the handler on Azurite, as child processes.</summary>
public class ApiCommandTests(ApiHandlerFixture handler) : IClassFixture<ApiHandlerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private Task<CliProcess.Result> Augment(params string[] args) => CliProcess.RunAsync(Timeout, [.. args, "--url", handler.Url, "--key", handler.Key]);

    [Fact]
    public async Task Submit_Wait_Status_Runs_Fetch_EndToEnd()
    {
        var folder = Directory.CreateTempSubdirectory("augment-cli-");
        try
        {
            var csv = Path.Combine(folder.FullName, "people.csv");
            await File.WriteAllLinesAsync(csv, ["age,hours,sex,income", .. Enumerable.Range(0, 150).Select(i => $"{20 + (i * 7 % 45)},{30 + (i * 3 % 25)},{(i % 3 == 0 ? "Female" : "Male")},{(i % 4 == 0 ? ">50K" : "<=50K")}")]);

            var submit = await Augment("submit", csv, "--wait", "--json");
            Assert.True(submit.ExitCode == 0, submit.StdErr);
            var final = JsonDocument.Parse(submit.LastLine).RootElement;
            Assert.Equal("Completed", final.GetProperty("runtimeStatus").GetString());
            var id = final.GetProperty("instanceId").GetString()!;
            Assert.StartsWith("people-", id, StringComparison.Ordinal);

            var status = await Augment("status", id);
            Assert.Equal(0, status.ExitCode);
            Assert.Contains("Completed", status.StdOut, StringComparison.Ordinal);
            Assert.Contains("people/people.csv", status.StdOut, StringComparison.Ordinal);

            var runs = await Augment("runs", "--json", "--dataset", "people");
            Assert.Equal(0, runs.ExitCode);
            Assert.Contains(JsonDocument.Parse(runs.LastLine).RootElement.EnumerateArray(), r => r.GetProperty("instanceId").GetString() == id);
            var table = await Augment("runs");
            Assert.Contains(id, table.StdOut, StringComparison.Ordinal);

            var outDir = Path.Combine(folder.FullName, "out");
            var fetch = await Augment("fetch", id, "--out", outDir, "--json");
            Assert.True(fetch.ExitCode == 0, fetch.StdErr);
            Assert.StartsWith("age,hours,sex,income", await File.ReadAllTextAsync(Path.Combine(outDir, "augmented.csv")), StringComparison.Ordinal);
            Assert.Equal(id, JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "report.json"))).RootElement.GetProperty("runId").GetString());
            Assert.Contains(Path.Combine(outDir, "synthetic.csv"), JsonDocument.Parse(fetch.LastLine).RootElement.EnumerateArray().Select(e => e.GetString()));

            var terminateEnded = await Augment("terminate", id);
            Assert.Equal(6, terminateEnded.ExitCode);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("approve", "approved")]
    [InlineData("reject", "rejected")]
    public async Task ApproveReject_WaitingRun_Exit0ThenItEnds_SecondTimeExit6(string command, string outcome)
    {
        var id = await handler.Client.ScheduleNewOrchestrationInstanceAsync(ApiHandlerFixture.ApprovalOrchestrator, "x", new Microsoft.DurableTask.StartOrchestrationOptions { InstanceId = $"waiting-{command}" });
        await WaitAsync(id, m => m.SerializedCustomStatus is not null);

        var first = await Augment(command, id, "--json");
        await WaitAsync(id, m => m.RuntimeStatus == Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed);
        var again = await Augment(command, id);

        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Equal(command, JsonDocument.Parse(first.LastLine).RootElement.GetProperty("action").GetString());
        Assert.Equal($"\"{outcome}\"", (await handler.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.SerializedOutput);
        Assert.Equal(6, again.ExitCode);
    }

    [Fact]
    public async Task Terminate_WaitingRun_Exit0AndTerminated()
    {
        var id = await handler.Client.ScheduleNewOrchestrationInstanceAsync(ApiHandlerFixture.ApprovalOrchestrator, "x", new Microsoft.DurableTask.StartOrchestrationOptions { InstanceId = "waiting-terminate" });
        await WaitAsync(id, m => m.SerializedCustomStatus is not null);

        var result = await Augment("terminate", id, "--reason", "not needed");
        await WaitAsync(id, m => m.RuntimeStatus == Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Terminated);
        var status = await Augment("status", id);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, status.ExitCode);
        Assert.Contains("Terminated", status.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("approve")]
    [InlineData("reject")]
    [InlineData("terminate")]
    [InlineData("fetch")]
    public async Task UnknownId_Exit3_OneLineError(string command)
    {
        var result = command == "fetch" ? await Augment(command, "no-such-run", "--out", Path.GetTempPath()) : await Augment(command, "no-such-run");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("no-such-run", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    private async Task WaitAsync(string id, Func<Microsoft.DurableTask.Client.OrchestrationMetadata, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await handler.Client.GetInstanceAsync(id, getInputsAndOutputs: true) is not { } metadata || !condition(metadata))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{id} did not reach the expected state");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task UnreachableHost_Exit4()
    {
        var result = await CliProcess.RunAsync(Timeout, "runs", "--url", $"http://127.0.0.1:{ApiHandlerFixture.FreePort()}");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("cannot reach", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.csv")]
    [InlineData("RepoFiles.cs")]
    public async Task Submit_BadFile_Exit2(string file)
    {
        var result = await Augment("submit", Path.Combine(AppContext.BaseDirectory, file));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not an existing .csv file", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }
}
