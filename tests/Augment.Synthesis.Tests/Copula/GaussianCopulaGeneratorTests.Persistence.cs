using System.Diagnostics;
using System.Text;
using Augment.Data;

namespace Augment.Synthesis.Tests;

/// <summary>Model files: round trip, corrupt and foreign files; and the speed budget.</summary>
public sealed partial class GaussianCopulaGeneratorTests
{
    private static byte[] SaveToBytes(ITabularGenerator model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    private static InvalidDataException LoadFails(byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => GaussianCopulaGenerator.Load(new MemoryStream(bytes)));

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Load_SavedModel_SamplesIdenticalRows()
    {
        var loaded = GaussianCopulaGenerator.Load(new MemoryStream(SaveToBytes(adult.Model)));

        Assert.True(Stats.SameCells(adult.Model.Sample(2000, 21), loaded.Sample(2000, 21)));
        var condition = new SampleCondition("income", ">50K");
        Assert.True(Stats.SameCells(adult.Model.Sample(500, 22, condition), loaded.Sample(500, 22, condition)));
        Assert.Equal(SaveToBytes(adult.Model), SaveToBytes(loaded));
    }

    [Fact]
    public void Save_ModelFile_IsVersionedJsonOfModestSize()
    {
        var bytes = SaveToBytes(adult.Model);
        var text = Encoding.UTF8.GetString(bytes);

        Assert.StartsWith("{\"format\":\"augment.gaussian-copula\",\"version\":1", text);
        Assert.True(bytes.Length < 1_000_000, $"{bytes.Length} bytes");
    }

    [Fact]
    public void Load_RandomBytes_ThrowsInvalidData()
    {
        var bytes = new byte[2048];
        new Random(1).NextBytes(bytes);

        var ex = LoadFails(bytes);

        Assert.StartsWith("The file is not a valid Gaussian copula model", ex.Message);
    }

    [Fact]
    public void Load_TruncatedModel_ThrowsInvalidData()
    {
        var bytes = SaveToBytes(adult.Model);

        LoadFails(bytes[..(bytes.Length / 2)]);
    }

    [Fact]
    public void Load_EmptyStream_ThrowsInvalidData()
    {
        LoadFails([]);
    }

    [Fact]
    public void Load_ForeignJson_NamesItsFormat()
    {
        var ex = LoadFails(Json("{\"format\":\"augment.tvae\",\"version\":1,\"columns\":[],\"correlation\":[]}"));

        Assert.Contains("augment.tvae", ex.Message);
    }

    [Fact]
    public void Load_UnrelatedJson_ThrowsInvalidData()
    {
        LoadFails(Json("{\"hello\":[1,2,3]}"));
        LoadFails(Json("[1,2,3]"));
        LoadFails(Json("null"));
    }

    [Fact]
    public void Load_NewerVersion_SaysVersionUnsupported()
    {
        var text = Encoding.UTF8.GetString(SaveToBytes(adult.Model)).Replace("\"version\":1", "\"version\":99", StringComparison.Ordinal);

        var ex = LoadFails(Json(text));

        Assert.Contains("version 99", ex.Message);
    }

    [Fact]
    public void Load_TamperedCorrelation_ThrowsInvalidData()
    {
        var table = DataTable.FromColumns(["a", "b"], [["1.5", "2.5", "3.5", "1.0"], ["x", "y", "x", "y"]]);
        var model = GaussianCopulaGenerator.Fit(table, SchemaInference.Infer(table));
        var text = Encoding.UTF8.GetString(SaveToBytes(model));
        var start = text.IndexOf("\"correlation\":", StringComparison.Ordinal);

        LoadFails(Json(text[..start] + "\"correlation\":[[1,2],[2,1]]}"));
        LoadFails(Json(text[..start] + "\"correlation\":[[1,0.5]]}"));
    }

    [Fact]
    public void Load_UnsortedQuantiles_ThrowsInvalidData()
    {
        var table = DataTable.FromColumns(["a"], [["1.5", "2.5", "3.5"]]);
        var model = GaussianCopulaGenerator.Fit(table, SchemaInference.Infer(table));
        var text = Encoding.UTF8.GetString(SaveToBytes(model)).Replace("[1.5,2.5,3.5]", "[3.5,2.5,1.5]", StringComparison.Ordinal);

        var ex = LoadFails(Json(text));

        Assert.Contains("quantiles", ex.Message);
    }

    [Fact]
    public void FitAndSample_AdultTrainingSize_FastOnOneCore()
    {
        var train = adult.Real.SelectRows([.. Enumerable.Range(0, 39_074)]);

        var watch = Stopwatch.StartNew();
        var model = GaussianCopulaGenerator.Fit(train, adult.Schema);
        var fit = watch.Elapsed;
        var sample = model.Sample(30_000, seed: 1);
        var total = watch.Elapsed;

        Assert.Equal(30_000, sample.RowCount);
        Assert.True(total < TimeSpan.FromSeconds(10), $"fit {fit.TotalSeconds:F2}s, fit+sample {total.TotalSeconds:F2}s");
    }
}
