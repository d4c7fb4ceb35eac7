using Augment.Pipeline.Training;

namespace Augment.Trainer.Tests.Training;

/// <summary>The local runner with /bin/sh standing in for the trainer (the real trainer is covered by TrainerJobTests).</summary>
public sealed class LocalProcessRunnerTests : IDisposable
{
    private readonly string _logs = Path.Combine(Path.GetTempPath(), "i7-runner-" + Guid.NewGuid().ToString("N"));

    private LocalProcessRunner Runner(string script) => new(new LocalProcessRunnerOptions
    {
        FileName = "/bin/sh",
        Arguments = ["-c", script, "trainer"],
        LogDirectory = _logs,
        Environment = new Dictionary<string, string> { ["Augment__TaskHub"] = "hub1" },
        StopGracePeriod = TimeSpan.FromSeconds(5),
    });

    private static async Task<TrainingJobState> WaitAsync(LocalProcessRunner runner, TrainingJobHandle handle)
    {
        for (var i = 0; i < 600; i++)
        {
            var state = await runner.GetStateAsync(handle);
            if (state.IsTerminal())
            {
                return state;
            }

            await Task.Delay(50);
        }

        return TrainingJobState.Running;
    }

    [Fact]
    public async Task Start_ChildGetsTheContainerEnvironmentAndItsOutputIsLogged()
    {
        using var runner = Runner("echo spec=$1 env=$AUGMENT_JOB_SPEC hub=$Augment__TaskHub run=$AUGMENT_RUN_ID; echo oops >&2");
        var handle = await runner.StartAsync(new TrainingJobRequest("run-1", "work/run-1/train-job.json", new Dictionary<string, string> { ["AUGMENT_RUN_ID"] = "run-1" }));

        Assert.Equal(TrainingJobState.Succeeded, await WaitAsync(runner, handle));
        var log = await File.ReadAllTextAsync(Path.Combine(_logs, "run-1", "trainer.log"));
        Assert.Contains("spec=work/run-1/train-job.json env=work/run-1/train-job.json hub=hub1 run=run-1", log, StringComparison.Ordinal);
        Assert.Contains("oops", log, StringComparison.Ordinal);
        Assert.Contains("device cpu", log, StringComparison.Ordinal);
        Assert.Equal(LocalProcessRunner.Kind, handle.Runner);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Start_LogFoldersOnlyTheUserCanEnter_EvenWhenTheRootExistedOpen()
    {
        Directory.CreateDirectory(_logs);
        File.SetUnixFileMode(_logs, (UnixFileMode)0b111_111_111);
        using var runner = Runner("echo hi");

        var handle = await runner.StartAsync(new TrainingJobRequest("run-7", "work/x", new Dictionary<string, string>()));
        await WaitAsync(runner, handle);

        const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(owner, File.GetUnixFileMode(_logs));
        Assert.Equal(owner, File.GetUnixFileMode(Path.Combine(_logs, "run-7")));
    }

    [Fact]
    public async Task Start_RedeliveredForARunWhoseTrainerIsAlive_ReturnsThatTrainer()
    {
        using var runner = Runner("sleep 30");
        var request = new TrainingJobRequest("run-4", "work/x", new Dictionary<string, string>());
        var first = await runner.StartAsync(request);

        var second = await runner.StartAsync(request);

        Assert.Equal(first.ExecutionId, second.ExecutionId);
        await runner.StopAsync(first);
        var third = await runner.StartAsync(request);
        Assert.NotEqual(first.ExecutionId, third.ExecutionId);
        await runner.StopAsync(third);
    }

    [Fact]
    public async Task GetState_NonZeroExit_IsFailed()
    {
        using var runner = Runner("echo 'trainer: boom' >&2; exit 3");
        var handle = await runner.StartAsync(new TrainingJobRequest("run-2", "work/x", new Dictionary<string, string>()));

        Assert.Equal(TrainingJobState.Failed, await WaitAsync(runner, handle));
        Assert.Equal(3, runner.ExitCode(handle));
    }

    [Fact]
    public async Task Stop_RunningChild_SendsSigtermAndTheProcessIsGone()
    {
        using var runner = Runner("trap 'echo got-term; exit 143' TERM; echo started; while true; do sleep 0.1; done");
        var handle = await runner.StartAsync(new TrainingJobRequest("run-3", "work/x", new Dictionary<string, string>()));
        var logPath = Path.Combine(_logs, "run-3", "trainer.log");
        for (var i = 0; i < 200 && !(File.Exists(logPath) && (await ReadSharedAsync(logPath)).Contains("started", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(50);
        }

        await runner.StopAsync(handle);

        Assert.Equal(TrainingJobState.Stopped, await runner.GetStateAsync(handle));
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(int.Parse(handle.ExecutionId, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("got-term", await ReadSharedAsync(logPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MissingExecutable_ThrowsTrainingJobException()
    {
        using var runner = new LocalProcessRunner(new LocalProcessRunnerOptions { FileName = "/nonexistent/trainer", LogDirectory = _logs });

        await Assert.ThrowsAsync<TrainingJobException>(() => runner.StartAsync(new TrainingJobRequest("run-4", "work/x", new Dictionary<string, string>())));
    }

    [Fact]
    public void GpuProbe_DriverPresent_SaysSoAndStillNamesTheCpu()
    {
        Assert.Contains("libcuda.so.1", GpuProbe.Describe(p => p == "/usr/lib64/libcuda.so.1", ""), StringComparison.Ordinal);
        Assert.Equal("cpu (no CUDA driver found)", GpuProbe.Describe(_ => false, ""));
        Assert.Equal("/opt/bin/nvidia-smi", GpuProbe.FindCudaDriver(p => p == "/opt/bin/nvidia-smi", "/opt/bin"));
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    public void Dispose()
    {
        if (Directory.Exists(_logs))
        {
            Directory.Delete(_logs, recursive: true);
        }
    }
}
