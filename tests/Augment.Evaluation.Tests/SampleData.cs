using System.Globalization;
using Augment.Data;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace Augment.Evaluation.Tests;

/// <summary>Seeded test tables: a small "population" with a class that depends on the other columns.</summary>
internal static class SampleData
{
    public static readonly string[] Columns = ["age", "hours", "color", "sex", "label"];

    /// <summary>Rows drawn from one fixed distribution; <paramref name="ageShift"/> moves the age column.</summary>
    public static DataTable Population(int rows, int seed, int ageShift = 0, double positiveBias = 0)
    {
        var rng = new Random(seed);
        var cells = Columns.Select(_ => new string?[rows]).ToArray();
        for (var i = 0; i < rows; i++)
        {
            var age = rng.Next(18, 80) + ageShift;
            var hours = Math.Round(40 + (10 * Normal(rng)) + ((age - 45) * 0.2), 1);
            var u = rng.NextDouble();
            var color = u < 0.5 ? "red" : u < 0.8 ? "green" : "blue";
            var sex = rng.NextDouble() < 0.6 ? "M" : "F";
            var logit = (0.06 * (age - 45)) + (sex == "M" ? 0.7 : -0.7) + ((hours - 40) / 10) + (color == "blue" ? 0.5 : 0) - 1;
            logit += sex == "F" ? positiveBias : 0;
            var label = rng.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? "yes" : "no";
            cells[0][i] = age.ToString(CultureInfo.InvariantCulture);
            cells[1][i] = hours.ToString("0.0", CultureInfo.InvariantCulture);
            cells[2][i] = color;
            cells[3][i] = sex;
            cells[4][i] = label;
        }

        return DataTable.FromColumns(Columns, cells);
    }

    public static DatasetSchema Schema(DataTable table) =>
        SchemaInference.Infer(table, new SchemaInferenceOptions { CategoricalColumns = table.IndexOf("label") >= 0 ? ["label"] : [] });

    /// <summary>Rows of <paramref name="table"/> drawn with replacement.</summary>
    public static DataTable Resample(DataTable table, int rows, int seed)
    {
        var rng = new Random(seed);
        return table.SelectRows(Enumerable.Range(0, rows).Select(_ => rng.Next(table.RowCount)).ToArray());
    }

    /// <summary>A table from rows of cells.</summary>
    public static DataTable FromRows(string[] columns, params string?[][] rows) =>
        DataTable.FromColumns(columns, columns.Select((_, c) => rows.Select(r => r[c]).ToArray()).ToArray());

    /// <summary>Runs an FsCheck property with a fixed replay seed.</summary>
    public static void Check<T>(Arbitrary<T> arbitrary, Func<T, bool> property, int maxTest = 100)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(maxTest)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261121UL, 1442695040888963407UL), FSharpOption<int>.None)));
        FsCheck.Check.One(config, Prop.ForAll(arbitrary, property));
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
