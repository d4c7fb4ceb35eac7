using System.Text;
using Augment.Data;
using Augment.Synthesis.Mixture;

namespace Augment.Synthesis.Tests.Mixture;

public sealed partial class LatentMixtureGeneratorTests
{
    private sealed class Collect : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = [];

        public void Report(TrainingProgress value) => Reports.Add(value);
    }

    /// <summary>A clock that moves one second each time it is read.</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks += TimeSpan.TicksPerSecond;
    }

    [Fact]
    public void Fit_ReportsEveryIterationWithRisingStepsAndFallingLoss()
    {
        var progress = new Collect();

        var model = LatentMixtureGenerator.Fit(Real, Schema, new TrainingOptions { Seed = 1, Target = "label", Epochs = 8, Progress = progress });

        Assert.Equal(model.Metrics!.Steps, progress.Reports.Count);
        Assert.True(progress.Reports.Count is >= 2 and <= 16);
        Assert.All(progress.Reports.Zip(progress.Reports.Skip(1)), p => Assert.True(p.Second.Step > p.First.Step));
        Assert.All(progress.Reports, p => Assert.Equal(16, p.TotalSteps));
        var firstClass = progress.Reports.TakeWhile(p => p.Stage == progress.Reports[0].Stage).Select(p => p.Loss).ToList();
        Assert.True(firstClass[^1] < firstClass[0], "EM must not lower the likelihood");
    }

    [Fact]
    public void Fit_TimeBudgetPassed_StopsAfterOneIterationPerClass()
    {
        var progress = new Collect();

        var model = LatentMixtureGenerator.Fit(Real, Schema, new TrainingOptions
        {
            Target = "label",
            TimeBudget = TimeSpan.FromSeconds(0.5),
            Time = new SteppingClock(),
            Progress = progress,
        });

        Assert.Equal("time-budget", model.Metrics!.StoppedBy);
        Assert.Equal(2, progress.Reports.Count);
        Assert.NotNull(progress.Reports[0].Eta);
    }

    [Fact]
    public void SaveLoad_RoundTrip_SamplesIdentically()
    {
        using var stream = new MemoryStream();
        Model.Save(stream);
        stream.Position = 0;

        var loaded = LatentMixtureGenerator.Load(stream);

        Assert.True(Stats.SameCells(Model.Sample(3000, 4), loaded.Sample(3000, 4)));
        Assert.True(Stats.SameCells(Model.Sample(500, 4, new SampleCondition("g", "b")), loaded.Sample(500, 4, new SampleCondition("g", "b"))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"format\":\"augment.gaussian-copula\",\"version\":1}")]
    [InlineData("{\"format\":\"augment.latent-mixture\",\"version\":2}")]
    [InlineData("{\"format\":\"augment.latent-mixture\",\"version\":1,\"trainRows\":1,\"columns\":[{\"name\":\"c\",\"kind\":\"Categorical\",\"categories\":[\"a\"]}],\"classes\":[{\"share\":1,\"weights\":[1],\"probabilities\":[[[0.5]]]}]}")]
    public void Load_CorruptOrForeignFile_ThrowsOneLineReason(string json)
    {
        var ex = Assert.Throws<InvalidDataException>(() => LatentMixtureGenerator.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))));

        Assert.StartsWith("The file is not a valid latent-mixture model:", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void MakeBins_FrequentValueGetsPointBin_RunsAreNotSplit()
    {
        double[] sorted = [.. Enumerable.Repeat(0.0, 60), 1, 2, 2, 3, 4, 5, 5, 5, 6, 7, .. Enumerable.Range(8, 30).Select(i => (double)i)];

        var bins = MixtureColumn.MakeBins(sorted, count: 10);

        Assert.Equal(new ValueBin(0, 0, 0, 0.6), bins[0]);
        Assert.All(bins.Zip(bins.Skip(1)), p => Assert.True(p.Second.Lo > p.First.Hi));
        Assert.Equal(1.0, bins[^1].UHi);
        Assert.Equal(37, bins[^1].Hi);
    }
}
