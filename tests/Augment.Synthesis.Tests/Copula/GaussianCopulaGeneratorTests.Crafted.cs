using System.Globalization;
using Augment.Data;

namespace Augment.Synthesis.Tests;

/// <summary>Behaviour on crafted tables whose structure is known exactly.</summary>
public sealed partial class GaussianCopulaGeneratorTests
{
    private static string F(double value, string format = "F3") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>y ~ N(0, 1); x = 2y + small noise, missing whenever y &gt; 1; a label "hi"/"lo" by the sign of y.</summary>
    private static DataTable MissingNotAtRandom(int rows)
    {
        var random = new Random(5);
        var x = new string?[rows];
        var y = new string?[rows];
        var label = new string?[rows];
        for (var r = 0; r < rows; r++)
        {
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            var yv = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            y[r] = F(yv);
            x[r] = yv > 1 ? null : F((2 * yv) + (0.1 * (random.NextDouble() - 0.5)));
            label[r] = yv > 0 ? "hi" : "lo";
        }

        return DataTable.FromColumns(["x", "y", "label"], [x, y, label]);
    }

    [Fact]
    public void Sample_NumericMissingness_RateAndDependenceOnOtherColumnKept()
    {
        var real = MissingNotAtRandom(4000);
        var model = GaussianCopulaGenerator.Fit(real, SchemaInference.Infer(real));

        var synthetic = model.Sample(8000, seed: 2);

        var x = synthetic.Column(0);
        var y = synthetic.Column(1).Select(v => double.Parse(v!, CultureInfo.InvariantCulture)).ToArray();
        var missingY = Enumerable.Range(0, y.Length).Where(r => x[r] is null).Select(r => y[r]).ToList();
        var presentY = Enumerable.Range(0, y.Length).Where(r => x[r] is not null).Select(r => y[r]).ToList();
        Assert.InRange(Stats.MissingRate(synthetic, "x"), Stats.MissingRate(real, "x") - 0.02, Stats.MissingRate(real, "x") + 0.02);
        Assert.True(missingY.Average() > presentY.Average() + 0.5, $"mean y when x missing {missingY.Average():F2}, present {presentY.Average():F2}");
        Assert.True(model.Dimensions == 4, "x uses a value and a missing-indicator dimension");
    }

    [Fact]
    public void Sample_StrongLinearRelation_CorrelationKeptAndDecimalsKept()
    {
        var real = MissingNotAtRandom(3000).SelectRows([.. Enumerable.Range(0, 3000)]);
        real = DataTable.FromColumns(["x", "y"], [[.. real.Column(1).Select(v => (string?)F(2 * double.Parse(v!, CultureInfo.InvariantCulture), "F2"))], [.. real.Column(1)]]);
        var model = GaussianCopulaGenerator.Fit(real, SchemaInference.Infer(real));

        var synthetic = model.Sample(4000, seed: 6);

        Assert.True(Stats.Pearson(synthetic, "x", "y") > 0.95, F(Stats.Pearson(synthetic, "x", "y")));
        Assert.All(synthetic.Column(1), v => Assert.Matches(@"^-?\d+\.\d{3}$", v!));
    }

    [Fact]
    public void Sample_ConditionOnLabel_ConditionalDistributionFollowsLabel()
    {
        var real = MissingNotAtRandom(3000);
        var model = GaussianCopulaGenerator.Fit(real, SchemaInference.Infer(real));

        var hi = model.Sample(2000, seed: 1, new SampleCondition("label", "hi"));
        var lo = model.Sample(2000, seed: 2, new SampleCondition("label", "lo"));

        // A Gaussian copula blurs a hard threshold (label = sign of y): with the label's score jittered inside its
        // interval the latent correlation is about 0.64, so about 72% of "hi" rows have y > 0, not 100%.
        var yHi = hi.Column(1).Select(v => double.Parse(v!, CultureInfo.InvariantCulture)).ToArray();
        var yLo = lo.Column(1).Select(v => double.Parse(v!, CultureInfo.InvariantCulture)).ToArray();
        Assert.InRange(yHi.Count(v => v > 0) / (double)yHi.Length, 0.65, 0.8);
        Assert.InRange(yLo.Count(v => v > 0) / (double)yLo.Length, 0.2, 0.35);
        Assert.True(yHi.Average() - yLo.Average() > 0.8, F(yHi.Average() - yLo.Average()));
    }

    [Fact]
    public void Sample_DatetimeColumn_WrittenInSourceFormatWithinRange()
    {
        var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var dates = Enumerable.Range(0, 300).Select(i => (string?)start.AddDays(i * 3 % 700).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        var table = DataTable.FromColumns(["when"], [dates]);
        var schema = SchemaInference.Infer(table);
        var model = GaussianCopulaGenerator.Fit(table, schema);

        var synthetic = model.Sample(500, seed: 3);

        Assert.All(synthetic.Column(0), v =>
        {
            Assert.True(CellValues.TryParseDatetime(v!, "yyyy-MM-dd", out var seconds), v);
            Assert.InRange(seconds, schema["when"].Min!.Value, schema["when"].Max!.Value);
        });
    }

    [Fact]
    public void Sample_ConstantAndAllMissingColumns_Reproduced()
    {
        var table = DataTable.FromColumns(
            ["k", "empty", "n"],
            [[.. Enumerable.Repeat((string?)"7", 50)], new string?[50], [.. Enumerable.Range(0, 50).Select(i => (string?)F(i, "F0"))]]);
        var model = GaussianCopulaGenerator.Fit(table, SchemaInference.Infer(table));

        var synthetic = model.Sample(100, seed: 1);

        Assert.All(synthetic.Column(0), v => Assert.Equal("7", v));
        Assert.All(synthetic.Column(1), Assert.Null);
    }

    [Fact]
    public void Fit_DuplicatedColumns_SampledColumnsMoveTogether()
    {
        var values = Enumerable.Range(0, 200).Select(i => (string?)F(Math.Sin(i), "F4")).ToArray();
        var table = DataTable.FromColumns(["a", "b"], [values, values]);

        var model = GaussianCopulaGenerator.Fit(table, SchemaInference.Infer(table));

        Assert.True(Stats.Pearson(model.Sample(2000, 4), "a", "b") > 0.99);
    }

    [Fact]
    public void Fit_ColumnNotInSchema_Throws()
    {
        var table = DataTable.FromColumns(["a"], [["1", "2"]]);
        var schema = new DatasetSchema([new ColumnProfile("b", ColumnKind.Integer, 0, 2)]);

        Assert.Throws<ArgumentException>(() => GaussianCopulaGenerator.Fit(table, schema));
    }

    [Fact]
    public void Fit_ValueNotMatchingSchemaKind_ThrowsNamingColumn()
    {
        var table = DataTable.FromColumns(["a"], [["1", "x"]]);
        var schema = new DatasetSchema([new ColumnProfile("a", ColumnKind.Integer, 0, 2)]);

        var ex = Assert.Throws<ArgumentException>(() => GaussianCopulaGenerator.Fit(table, schema));

        Assert.Contains("'a'", ex.Message);
    }
}
