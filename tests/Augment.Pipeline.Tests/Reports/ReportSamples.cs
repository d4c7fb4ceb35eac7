using System.Globalization;
using Augment.Data;
using Augment.Pipeline.Activities;
using Augment.Pipeline.Quality;
using Augment.Pipeline.Reports;
using Augment.Pipeline.Spec;
using static Augment.Pipeline.Tests.TestTables;

namespace Augment.Pipeline.Tests.Reports;

/// <summary>A complete RunReport from real filter and evaluation code on a small seeded table with hostile names.</summary>
internal static class ReportSamples
{
    public const string ScriptColumn = "<script>alert(1)</script>";
    public const string HostileCategory = "<img src=x onerror=alert(2)>";
    public const string HostileDataset = "ds\"><b>bold</b>";

    public static RunReport Build(int seed = 11)
    {
        string[] header = [ScriptColumn, "hours & \"pay\"", "group", "label"];
        var train = Rows(header, 400, seed);
        var holdout = Rows(header, 120, seed + 1);
        var synthetic = Rows(header, 300, seed + 2);
        var schema = Schema(DataTable.Concat(train, holdout), "label", "group");
        var policy = QualityPolicy.Default with { Constraints = ["`hours & \"pay\"` >= 0"] };
        var spec = new ResolvedSpec("label", ["group"], RowsRequest.Auto, "gaussian-copula", seed, 0.2, 2000, ["seed: not given; used 42."]) { Quality = policy with { EvaluationMaxRows = 1000 } };

        var (kept, filter) = new SyntheticFilter(train, holdout, schema, spec.Quality, Realism.Scorer).Run(synthetic, seed);
        var quality = ColumnSimilarity.Score(train, kept, schema, "label");
        var audit = GroupAudit.Audit(train, kept, schema, ["group"], "label");
        var evaluation = EvaluateActivity.Evaluate(train, holdout, kept, schema, spec);
        var findings = AuditFindings.Find(audit, evaluation, spec.Quality);

        var columns = schema.Columns.Select(c => new ColumnSummary(c.Name, c.Kind.ToString(), c.MissingCount, c.DistinctCount)).ToList();
        var profile = new ProfileResult(520, 400, 120, columns, spec, null);
        var started = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var input = new MergeInput(
            "run-1",
            new AugmentRequest(HostileDataset, "datasets", "ds/data.csv", "\"0x1\"", null, "cli"),
            profile,
            new TrainResult("gaussian-copula", "work/run-1/model.json", 0.5),
            new FilterResult(filter, quality, audit, 0.1),
            new AuditOutcome(QualityPolicy.Warn, findings, findings.Count == 0 ? "passed" : "warned", null, null),
            [new StageTiming("Profile", started, started.AddSeconds(1))]);
        return MergeActivity.Build(input, evaluation, train.RowCount + kept.RowCount);
    }

    private static DataTable Rows(string[] header, int count, int seed)
    {
        var random = new Random(seed);
        var rows = new string?[count][];
        for (var i = 0; i < count; i++)
        {
            var hours = random.Next(10, 60);
            var group = random.NextDouble() < 0.3 ? HostileCategory : "plain";
            var label = random.NextDouble() < (hours / 80.0) ? "yes" : "no";
            rows[i] = [(random.NextDouble() * 100).ToString("0.00", CultureInfo.InvariantCulture), hours.ToString(CultureInfo.InvariantCulture), group, label];
        }

        return Table(header, rows);
    }
}
