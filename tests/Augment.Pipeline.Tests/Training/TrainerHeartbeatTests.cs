using System.Diagnostics;
using Augment.Pipeline.Training;
using Augment.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Augment.Pipeline.Tests.Training;

/// <summary>The trainer's heartbeat: rewritten with the time on every interval, so a poll can tell working from hung.</summary>
public sealed class TrainerHeartbeatTests
{
    private readonly InMemoryBlobStore _blobs = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));

    /// <summary>Waits (bounded, no fixed delay) until the heartbeat blob says <paramref name="at"/>.</summary>
    private async Task<TrainingProgress> HeartbeatAtAsync(DateTimeOffset at)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var beat = await TrainerJob.ReadProgressAsync(_blobs, "run-1");
            if (beat is not null && beat.At == at)
            {
                return beat;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"heartbeat still {beat?.At:O}, expected {at:O}");
            await Task.Yield();
        }
    }

    [Fact]
    public async Task BeatAsync_EveryInterval_RewritesTheCurrentStageWithTheTime()
    {
        await _blobs.CreateContainerIfNotExistsAsync(TrainingEvents.ModelsContainer);
        using var heartbeat = new TrainerJob.Heartbeat(_blobs, "run-1", _time);
        var start = _time.GetUtcNow();
        await heartbeat.SetAsync(new TrainingProgress("training", start, "tvae on cpu"), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var beating = heartbeat.BeatAsync(TrainerJob.HeartbeatInterval, stop.Token);

        _time.Advance(TrainerJob.HeartbeatInterval);
        var first = await HeartbeatAtAsync(start + TrainerJob.HeartbeatInterval);
        _time.Advance(TrainerJob.HeartbeatInterval);
        await HeartbeatAtAsync(start + (2 * TrainerJob.HeartbeatInterval));

        Assert.Equal(("training", "tvae on cpu"), (first.Stage, first.Message));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => beating);
        _time.Advance(TrainerJob.HeartbeatInterval);
        Assert.Equal(start + (2 * TrainerJob.HeartbeatInterval), (await TrainerJob.ReadProgressAsync(_blobs, "run-1"))!.At);
    }

    [Fact]
    public async Task BeatAsync_NewStage_BeatsCarryIt()
    {
        await _blobs.CreateContainerIfNotExistsAsync(TrainingEvents.ModelsContainer);
        using var heartbeat = new TrainerJob.Heartbeat(_blobs, "run-1", _time);
        using var stop = new CancellationTokenSource();
        await heartbeat.SetAsync(new TrainingProgress("reading", _time.GetUtcNow()), CancellationToken.None);
        var beating = heartbeat.BeatAsync(TrainerJob.HeartbeatInterval, stop.Token);

        await heartbeat.SetAsync(new TrainingProgress("saving", _time.GetUtcNow()), CancellationToken.None);
        _time.Advance(TrainerJob.HeartbeatInterval);

        Assert.Equal("saving", (await HeartbeatAtAsync(_time.GetUtcNow())).Stage);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => beating);
    }
}
