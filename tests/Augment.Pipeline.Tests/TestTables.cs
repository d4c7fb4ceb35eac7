using Augment.Data;

namespace Augment.Pipeline.Tests;

/// <summary>Small tables written inline as CSV-like rows.</summary>
internal static class TestTables
{
    public static DataTable Table(string[] header, params string?[][] rows) =>
        DataTable.FromColumns(header, Enumerable.Range(0, header.Length).Select(c => rows.Select(r => r[c]).ToArray()).ToList());

    public static DatasetSchema Schema(DataTable table, params string[] categorical) =>
        SchemaInference.Infer(table, new SchemaInferenceOptions { CategoricalColumns = categorical });
}
