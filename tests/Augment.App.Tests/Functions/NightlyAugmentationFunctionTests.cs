using Augment.App.Functions;
using Augment.App.Tests.Support;
using Augment.Dev.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Augment.App.Tests.Functions;

/// <summary>The timer function, called directly with the local host's DurableTaskClient (in memory), and through the host's invoker.</summary>
public sealed class NightlyAugmentationFunctionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset FiredAt = new(2026, 11, 22, 2, 0, 0, 120, TimeSpan.Zero);
    private readonly ListLogger<NightlyAugmentationFunction> _log = new();
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync();
        await _host.UploadAsync("adult/data.csv", SampleCsv.Make(120, 1));
        await _host.UploadAsync("adult/augment.json", """{"schedule": "nightly", "target": "income", "model": "gaussian-copula"}""");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Run_ScheduleStatusNext_RunForTheOccurrenceBeingFired()
    {
        await RunAsync(Timer(FiredAt.AddSeconds(-0.12)), FiredAt);

        Assert.NotNull(await _host.Client.GetInstanceAsync("adult-nightly-20261122"));
        Assert.Equal("Information: Night 20261122 (past due: False): 1 scheduled dataset(s)", _log.Lines[0]);
        Assert.StartsWith("Information: Nightly: adult: Started adult-nightly-20261122 (adult/data.csv", _log.Lines[1], StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await _host.WaitForEndAsync("adult-nightly-20261122")).RuntimeStatus);
    }

    [Fact]
    public async Task Run_PastDueCatchUp_UsesTheMissedNightAndNeverDuplicates()
    {
        var missed = new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero);

        await RunAsync(Timer(missed, isPastDue: true), FiredAt.AddHours(7));
        await RunAsync(Timer(missed, isPastDue: true), FiredAt.AddHours(7).AddSeconds(3));

        var run = Assert.Single(await _host.Client.ListAsync(new OrchestrationQuery { InstanceIdPrefix = "adult-" }));
        Assert.Equal("adult-nightly-20261121", run.InstanceId);
        Assert.Equal("Information: Night 20261121 (past due: True): 1 scheduled dataset(s)", _log.Lines[2]);
        Assert.Equal("Information: Nightly: adult: AlreadyStarted adult-nightly-20261121 (tonight's run exists)", _log.Lines[3]);
    }

    [Fact]
    public async Task Run_NoScheduleStatus_UsesTheClock()
    {
        await RunAsync(new TimerInfo(), new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero));

        Assert.NotNull(await _host.Client.GetInstanceAsync("adult-nightly-20261231"));
    }

    [Fact]
    public void OccurrenceOf_NextUnsetOrLocal_NowOrNextAsUtc()
    {
        var now = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(now, NightlyAugmentationFunction.OccurrenceOf(new TimerInfo { ScheduleStatus = new ScheduleStatus() }, now));
        Assert.Equal(FiredAt, NightlyAugmentationFunction.OccurrenceOf(Timer(FiredAt), now));
    }

    [Fact]
    public async Task Run_NoTimer_ArgumentNullException()
    {
        var function = new NightlyAugmentationFunction(_host.Blobs, TimeProvider.System, _log);

        await Assert.ThrowsAsync<ArgumentNullException>(() => function.Run(null!, _host.Client, CancellationToken.None));
    }

    [Fact]
    public async Task Invoke_ThroughTheLocalHost_BindsTheTimerAndDurableClient()
    {
        var function = _host.Host.Functions.Single(f => f.Name == NightlyAugmentationFunction.Name);
        var invoker = _host.Host.Services.GetRequiredService<FunctionInvoker>();

        await invoker.InvokeAsync(function, Timer(FiredAt), new Dictionary<string, string?>(), CancellationToken.None);

        Assert.NotNull(await _host.Client.GetInstanceAsync("adult-nightly-20261122"));
    }

    private Task RunAsync(TimerInfo timer, DateTimeOffset now) =>
        new NightlyAugmentationFunction(_host.Blobs, new ManualTimeProvider(now), _log).Run(timer, _host.Client, CancellationToken.None);

    /// <summary>What the Functions host hands a timer function while it fires the occurrence <paramref name="occurrence"/>.</summary>
    private static TimerInfo Timer(DateTimeOffset occurrence, bool isPastDue = false) => new()
    {
        IsPastDue = isPastDue,
        ScheduleStatus = new ScheduleStatus { Last = occurrence.UtcDateTime.AddDays(-1), Next = occurrence.UtcDateTime, LastUpdated = occurrence.UtcDateTime.AddDays(-1) },
    };
}
