using System.Net;
using Augment.Durable;
using Augment.Functions.Tests.Support;

namespace Augment.Functions.Tests.Functions;

public class NightlyAugmentationFunctionTests
{
    private static readonly DateTimeOffset FiredAt = new(2026, 11, 22, 2, 0, 0, 120, TimeSpan.Zero);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Invoke_TimerPayload_RunForTheOccurrenceBeingFired(bool plain)
    {
        await using var handler = await NightlyHandlerAsync();

        using var response = await handler.InvokeAsync("NightlyAugmentation", HostPayloads.Timer(FiredAt.AddSeconds(-0.12), FiredAt, plain: plain));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var logs = (await DatasetUploadedFunctionTests.AssertContractBodyAsync(response)).GetProperty("Logs");
        Assert.Contains("night 20261122", logs[0].GetString());
        Assert.NotNull(await handler.Client.GetInstanceAsync("adult-nightly-20261122"));
    }

    [Fact]
    public async Task Invoke_PastDueCatchUp_UsesTheMissedNightAndNeverDuplicates()
    {
        await using var handler = await NightlyHandlerAsync();
        var missed = new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero);

        using var catchUp = await handler.InvokeAsync("NightlyAugmentation", HostPayloads.Timer(missed, FiredAt.AddHours(7), isPastDue: true));
        using var doubleFire = await handler.InvokeAsync("NightlyAugmentation", HostPayloads.Timer(missed, FiredAt.AddHours(7).AddSeconds(3), isPastDue: true));

        Assert.Equal(HttpStatusCode.OK, catchUp.StatusCode);
        Assert.Equal(HttpStatusCode.OK, doubleFire.StatusCode);
        var runs = (await handler.Client.ListInstancesAsync(new InstanceQuery { InstanceIdPrefix = "adult-" })).Instances;
        Assert.Equal("adult-nightly-20261121", Assert.Single(runs).InstanceId);
        var logs = (await DatasetUploadedFunctionTests.AssertContractBodyAsync(doubleFire)).GetProperty("Logs");
        Assert.Contains("(past due)", logs[0].GetString());
        Assert.Contains("AlreadyStarted", logs[1].GetString());
    }

    [Fact]
    public async Task Invoke_MonitorOff_UsesSysUtcNow()
    {
        await using var handler = await NightlyHandlerAsync();

        using var response = await handler.InvokeAsync("NightlyAugmentation", HostPayloads.Timer(null, new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await handler.Client.GetInstanceAsync("adult-nightly-20261231"));
    }

    private static async Task<TestHandler> NightlyHandlerAsync()
    {
        var handler = await TestHandler.StartAsync();
        await handler.UploadAsync("datasets", "adult/data.csv", SampleCsv.Make(20, 1));
        await handler.UploadAsync("datasets", "adult/augment.json", "{\"schedule\": \"nightly\"}");
        return handler;
    }
}
