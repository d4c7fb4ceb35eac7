using System.Text.Json;
using Augment.Data;

namespace Augment.Evaluation.Tests.Golden;

/// <summary>
/// Our fidelity metrics against the numbers SDMetrics v0.29.0 itself computes on the same CSV files
/// (sdmetrics_golden.py beside this file writes sdmetrics_golden.json; see its header for how to run it).
/// </summary>
public sealed class SdMetricsGoldenTests
{
    private const double Tolerance = 1e-3;

    public static TheoryData<string> Tables => ["numeric", "categorical", "mixed", "copies"];

    [Theory]
    [MemberData(nameof(Tables))]
    public void ColumnShapes_GoldenTable_MatchesSdMetrics(string name)
    {
        var (golden, real, synthetic, schema) = Load(name);

        var report = ColumnShapes.Score(real, synthetic, schema);

        foreach (var expected in golden.GetProperty("shape_details").EnumerateArray())
        {
            var column = expected.GetProperty("column").GetString();
            var actual = Assert.Single(report.Columns, c => c.Column == column);
            Assert.Equal(expected.GetProperty("metric").GetString(), actual.Metric);
            AssertClose(expected.GetProperty("score"), actual.Score, $"{name}.{column}");
        }

        AssertClose(golden.GetProperty("column_shapes"), report.Score, $"{name} column shapes");
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void ColumnPairTrends_GoldenTable_MatchesSdMetricsPairByPair(string name)
    {
        var (golden, real, synthetic, schema) = Load(name);

        var report = ColumnPairTrends.Score(real, synthetic, schema);

        Assert.Equal("sdmetrics", report.Binning);
        foreach (var expected in golden.GetProperty("pair_details").EnumerateArray())
        {
            var (a, b) = (expected.GetProperty("column_a").GetString(), expected.GetProperty("column_b").GetString());
            var actual = Assert.Single(report.Pairs, p => p.ColumnA == a && p.ColumnB == b);
            Assert.Equal(expected.GetProperty("metric").GetString(), actual.Metric);
            if (expected.GetProperty("score").ValueKind == JsonValueKind.Null)
            {
                // SDMetrics leaves out pairs whose real association is weak or that it cannot compute (constant column).
                Assert.False(actual.Counted, $"{name} {a}/{b} should not count");
            }
            else
            {
                Assert.True(actual.Counted, $"{name} {a}/{b} should count");
                AssertClose(expected.GetProperty("score"), actual.Score, $"{name} {a}/{b}");
            }

            if (expected.GetProperty("real_correlation").ValueKind == JsonValueKind.Number)
            {
                AssertClose(expected.GetProperty("real_correlation"), actual.RealCorrelation ?? double.NaN, $"{name} {a}/{b} real ρ");
            }

            if (expected.GetProperty("real_association").ValueKind == JsonValueKind.Number)
            {
                AssertClose(expected.GetProperty("real_association"), actual.RealAssociation ?? double.NaN, $"{name} {a}/{b} Cramér's V");
            }
        }

        AssertClose(golden.GetProperty("column_pair_trends"), report.Score, $"{name} pair trends");
    }

    /// <summary>SDMetrics' report with its real-association thresholds off scores every pair: this checks the binning
    /// of every mixed pair (each table over its own range), including the narrower synthetic ranges.</summary>
    [Theory]
    [MemberData(nameof(Tables))]
    public void ColumnPairTrends_ThresholdsOff_EveryPairMatchesSdMetrics(string name)
    {
        var (golden, real, synthetic, schema) = Load(name);

        var report = ColumnPairTrends.Score(real, synthetic, schema);

        foreach (var expected in golden.GetProperty("pair_details_all_pairs").EnumerateArray())
        {
            var (a, b) = (expected.GetProperty("column_a").GetString(), expected.GetProperty("column_b").GetString());
            var actual = Assert.Single(report.Pairs, p => p.ColumnA == a && p.ColumnB == b);
            AssertClose(expected.GetProperty("score"), actual.Score, $"{name} {a}/{b} (every pair)");
        }

        AssertClose(golden.GetProperty("column_pair_trends_all_pairs"), report.AllPairsScore, $"{name} pair trends, every pair");
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void QualityScore_GoldenTable_MatchesSdMetrics(string name)
    {
        var (golden, real, synthetic, schema) = Load(name);

        var quality = SdMetricsScores.QualityScore(ColumnShapes.Score(real, synthetic, schema).Score, ColumnPairTrends.Score(real, synthetic, schema).Score);

        AssertClose(golden.GetProperty("quality_score"), quality, $"{name} quality");
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void NewRowSynthesis_GoldenTable_MatchesSdMetrics(string name)
    {
        var (golden, real, synthetic, schema) = Load(name);

        var score = NewRowSynthesis.Score(real, synthetic, schema);

        AssertClose(golden.GetProperty("new_row_synthesis"), score, $"{name} new rows");
    }

    /// <summary>
    /// SDMetrics draws LogisticDetection's 3 stratified folds at random (StratifiedKFold(shuffle=True), no seed), so its
    /// own number moves with the folds: the golden file holds 20 runs with NumPy seeds 0..19 (on the 150-row "copies"
    /// table they span 0.62–0.73). Ours uses seeded folds, so exact agreement is impossible; the preprocessing (mean
    /// imputation, one-hot, RobustScaler, C = 1) is SDMetrics' own, so the means over 20 fold draws must agree within
    /// 0.015, and one seeded run must fall inside SDMetrics' own spread (widened by 0.01).
    /// </summary>
    [Theory]
    [InlineData("numeric")]
    [InlineData("mixed")]
    [InlineData("copies")]
    public void LogisticDetection_GoldenTable_WithinFoldNoiseOfSdMetrics(string name)
    {
        var (golden, real, synthetic, schema) = Load(name);
        var expected = golden.GetProperty("logistic_detection");

        var scores = Enumerable.Range(0, 20).Select(seed => Detection.Evaluate(real, synthetic, schema, seed).Score).ToArray();

        var mean = expected.GetProperty("mean").GetDouble();
        Assert.InRange(scores.Average(), mean - 0.015, mean + 0.015);
        Assert.InRange(scores[0], expected.GetProperty("min").GetDouble() - 0.01, expected.GetProperty("max").GetDouble() + 0.01);
    }

    private static void AssertClose(JsonElement expected, double actual, string what)
    {
        if (expected.ValueKind == JsonValueKind.Null)
        {
            Assert.True(double.IsNaN(actual), $"{what}: SDMetrics has no value, ours is {actual}");
            return;
        }

        var value = expected.GetDouble();
        Assert.True(Math.Abs(value - actual) <= Tolerance, $"{what}: SDMetrics {value}, ours {actual}");
    }

    private static (JsonElement Golden, DataTable Real, DataTable Synthetic, DatasetSchema Schema) Load(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Golden");
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "sdmetrics_golden.json")));
        var golden = document.RootElement.GetProperty("tables").GetProperty(name).Clone();
        var real = Read(Path.Combine(folder, $"{name}_real.csv"));
        var synthetic = Read(Path.Combine(folder, $"{name}_synthetic.csv"));
        var sdtypes = golden.GetProperty("columns").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        var schema = SchemaInference.Infer(real, new SchemaInferenceOptions { MaxIntegerCodes = 0, CategoricalColumns = [.. sdtypes.Where(p => p.Value == "categorical").Select(p => p.Key)] });
        foreach (var (column, sdtype) in sdtypes)
        {
            var kind = schema.Find(column)!.Kind;
            Assert.True(sdtype switch
            {
                "numerical" => kind is ColumnKind.Continuous or ColumnKind.Integer,
                "datetime" => kind == ColumnKind.Datetime,
                _ => !schema.Find(column)!.IsNumeric,
            }, $"{name}.{column}: inferred {kind}, SDMetrics {sdtype}");
        }

        return (golden, real, synthetic, schema);
    }

    private static DataTable Read(string path)
    {
        using var stream = File.OpenRead(path);
        return CsvTable.ReadAsync(stream).GetAwaiter().GetResult();
    }
}
