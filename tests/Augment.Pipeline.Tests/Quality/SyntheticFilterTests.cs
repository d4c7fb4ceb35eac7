using System.Globalization;
using Augment.Data;
using Augment.Pipeline.Quality;
using Augment.Pipeline.Spec;
using static Augment.Pipeline.Tests.TestTables;

namespace Augment.Pipeline.Tests.Quality;

public class SyntheticFilterTests
{
    private static readonly string[] Header = ["start", "end", "colour"];
    private static readonly string[] Colours = ["red", "green", "blue"];

    private static DataTable Rows(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new string?[count][];
        for (var i = 0; i < count; i++)
        {
            var start = Math.Round(random.NextDouble() * 100, 2);
            var end = Math.Round(start + (random.NextDouble() * 50), 2);
            rows[i] = [start.ToString("0.00", CultureInfo.InvariantCulture), end.ToString("0.00", CultureInfo.InvariantCulture), Colours[random.Next(3)]];
        }

        return Table(Header, rows);
    }

    private static (DataTable Train, DataTable Holdout, DatasetSchema Schema) Real()
    {
        // Two extreme rows make the real ranges cover everything Rows() can generate.
        var train = DataTable.Concat(Rows(300, 1), Table(Header, ["0.00", "0.00", "red"], ["100.00", "150.00", "blue"]));
        var holdout = Rows(100, 2);
        return (train, holdout, Schema(DataTable.Concat(train, holdout)));
    }

    private static QualityPolicy Policy(double? dcr = 0, double realism = 0, params string[] constraints) =>
        QualityPolicy.Default with { Constraints = constraints, DcrThreshold = dcr, RealismDropFraction = realism };

    private static FilterStep StepOf(FilterReport report, string step) => report.Steps.Single(s => s.Step == step);

    [Fact]
    public void Run_PlantedBadRows_EachStepDropsItsOwn()
    {
        var (train, holdout, schema) = Real();
        var good = Rows(50, 3);
        var planted = Table(Header,
            ["10.00", "20.00", "purple"],                         // unknown category → validity
            ["30.00", "25.00", "red"],                            // start > end → constraint
            [good[0, 0], good[0, 1], good[0, 2]],                 // repeats the first good row → duplicate
            [train[5, 0], train[5, 1], train[5, 2]],              // copy of a training row
            [holdout[7, 0], holdout[7, 1], holdout[7, 2]]);       // copy of a holdout row
        var synthetic = DataTable.Concat(good, planted);

        var (kept, report) = new SyntheticFilter(train, holdout, schema, Policy(constraints: "start <= end"), null).Run(synthetic, 42);

        Assert.Equal(55, report.Sampled);
        Assert.Equal(1, StepOf(report, FilterSteps.Validity).Dropped);
        Assert.Contains("purple", StepOf(report, FilterSteps.Validity).Examples.Single(), StringComparison.Ordinal);
        Assert.Equal(1, StepOf(report, FilterSteps.Constraints).Dropped);
        Assert.Equal(1, StepOf(report, FilterSteps.Duplicates).Dropped);
        Assert.Equal(2, StepOf(report, FilterSteps.CopiesOfReal).Dropped);
        Assert.Equal("sampled row 53 repeats sampled row 1", StepOf(report, FilterSteps.Duplicates).Examples.Single());
        // A copy is named by its sampled row only: the real row's cells stay out of the report.
        Assert.Equal(["sampled row 54 equals a real row (cells not shown)", "sampled row 55 equals a real row (cells not shown)"], StepOf(report, FilterSteps.CopiesOfReal).Examples);
        Assert.Equal(50, kept.RowCount);
        Assert.Equal(50, report.Kept);
        Assert.Equal(0, report.Constraints.Single().RealViolations);
        Assert.Equal(1, report.Constraints.Single().SyntheticViolations);
        Assert.Equal(["validity", "constraints", "duplicates", "copies-of-real", "privacy", "realism"], report.Steps.Select(s => s.Step));
    }

    [Fact]
    public void Run_NearCopiesOfTrainingRows_DroppedByTheDefaultPrivacyThreshold()
    {
        var (train, holdout, schema) = Real();
        // A generator that memorises: training rows nudged by one cent.
        var nearCopies = Table(Header, Enumerable.Range(0, 40).Select(i =>
        {
            var start = double.Parse(train[i, 0]!, CultureInfo.InvariantCulture) + 0.01;
            return new string?[] { start.ToString("0.00", CultureInfo.InvariantCulture), train[i, 1], train[i, 2] };
        }).ToArray());
        var fresh = Rows(40, 9);

        var (kept, report) = new SyntheticFilter(train, holdout, schema, Policy(dcr: null), null).Run(DataTable.Concat(nearCopies, fresh), 42);

        var privacy = StepOf(report, FilterSteps.Privacy);
        Assert.True(privacy.Before >= 78, string.Join("; ", report.Steps.Select(s => $"{s.Step} {s.Dropped}")));
        Assert.Equal("holdout-p2", report.DcrThresholdSource);
        Assert.True(report.DcrThreshold > 0.0001, $"threshold {report.DcrThreshold}");
        Assert.True(privacy.Dropped >= 38, $"only {privacy.Dropped} of 40 near copies dropped");
        Assert.True(privacy.Dropped <= 40 + 4, $"{privacy.Dropped} dropped: fresh rows should mostly survive");
        Assert.Equal(80 - privacy.Dropped, kept.RowCount);
        Assert.Equal(5, privacy.Examples.Count);
        Assert.All(privacy.Examples, e => Assert.Matches(@"^sampled row ([1-9]|[1-3]\d|40): a training row at distance .+ \(threshold [\d.]+\)$", e));
    }

    [Fact]
    public void Run_PrivacyThresholdZero_TurnsTheStepOff()
    {
        var (train, holdout, schema) = Real();

        var (_, report) = new SyntheticFilter(train, holdout, schema, Policy(dcr: 0), null).Run(Rows(20, 4), 42);

        Assert.Equal("off", report.DcrThresholdSource);
        Assert.Equal(0, StepOf(report, FilterSteps.Privacy).Dropped);
    }

    [Fact]
    public void Run_Realism_DropsTheLowestScoredFractionAndKeepsOrder()
    {
        var (train, holdout, schema) = Real();
        var synthetic = Rows(40, 5);
        // Fake scorer: realness = start / 100, so the rows with the smallest start look least real.
        RealnessScorer scorer = (_, s, _, _) => Enumerable.Range(0, s.RowCount).Select(r => double.Parse(s[r, 0]!, CultureInfo.InvariantCulture) / 100).ToArray();

        var (kept, report) = new SyntheticFilter(train, holdout, schema, Policy(realism: 0.25), scorer).Run(synthetic, 42);

        Assert.Equal(10, StepOf(report, FilterSteps.Realism).Dropped);
        Assert.Equal(5, StepOf(report, FilterSteps.Realism).Examples.Count);
        Assert.StartsWith("sampled row ", StepOf(report, FilterSteps.Realism).Examples[0], StringComparison.Ordinal);
        Assert.Contains(": P(real) ", StepOf(report, FilterSteps.Realism).Examples[0], StringComparison.Ordinal);
        var starts = Enumerable.Range(0, synthetic.RowCount).Select(r => double.Parse(synthetic[r, 0]!, CultureInfo.InvariantCulture)).ToList();
        var cut = starts.Order().ElementAt(10);
        var expected = starts.Where(s => s >= cut).ToList();
        Assert.Equal(expected, Enumerable.Range(0, kept.RowCount).Select(r => double.Parse(kept[r, 0]!, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Run_SameInputAndSeed_SameRowsKept()
    {
        var (train, holdout, schema) = Real();
        var synthetic = Rows(60, 6);
        var filter = new SyntheticFilter(train, holdout, schema, Policy(dcr: null, realism: 0.1), Realism.Scorer);

        var (a, ra) = filter.Run(synthetic, 7);
        var (b, rb) = filter.Run(synthetic, 7);

        Assert.Equal(ra.Steps.Select(s => s.Dropped), rb.Steps.Select(s => s.Dropped));
        Assert.Equal(Enumerable.Range(0, a.RowCount).Select(r => a[r, 0]), Enumerable.Range(0, b.RowCount).Select(r => b[r, 0]));
        var realism = StepOf(ra, FilterSteps.Realism);
        Assert.Equal((int)Math.Floor(0.1 * realism.Before), realism.Dropped);
        Assert.True(realism.Dropped > 0);
    }
}
