using System.Globalization;
using System.Text;
using Augment.Data;
using Augment.Synthesis.Transforms;

namespace Augment.Synthesis.Tests.Transforms;

public sealed class DataTransformerTests
{
    private static readonly DataTable Real = Stats.LoadCsv(Stats.AdultPath);
    private static readonly DatasetSchema Schema = SchemaInference.Infer(Real, new SchemaInferenceOptions { CategoricalColumns = ["income"] });

    [Fact]
    public void InverseTransform_OfTransform_CategoriesExactNumbersWithinBoundsAndClose()
    {
        var transformer = DataTransformer.Fit(Real, Schema);

        var back = transformer.InverseTransform(transformer.Transform(Real, seed: 1));

        Assert.Equal(Real.Columns, back.Columns);
        for (var c = 0; c < Real.Columns.Count; c++)
        {
            var profile = Schema[Real.Columns[c]];
            if (!profile.IsNumeric)
            {
                Assert.Equal(Real.Column(c), back.Column(c));
                continue;
            }

            var close = 0;
            for (var r = 0; r < Real.RowCount; r++)
            {
                Assert.Equal(Real[r, c] is null, back[r, c] is null);
                if (Real[r, c] is not { } text)
                {
                    continue;
                }

                var x = double.Parse(text, CultureInfo.InvariantCulture);
                var y = double.Parse(back[r, c]!, CultureInfo.InvariantCulture);
                Assert.InRange(y, profile.Min!.Value, profile.Max!.Value);
                close += Math.Abs(x - y) <= 0.5 + (1e-6 * Math.Abs(x)) ? 1 : 0;
            }

            // Values beyond 4σ of their mode are clipped (CTGAN's encoding); nearly all come back to the unit.
            Assert.True(close >= 0.99 * Real.RowCount, $"{Real.Columns[c]}: {close} of {Real.RowCount} within rounding");
        }
    }

    [Fact]
    public void Spans_CoverTheRowWithoutGapsAndOneHotGroupsSumToOne()
    {
        var transformer = DataTransformer.Fit(Real, Schema);
        var data = transformer.Transform(Real, seed: 2);

        var next = 0;
        foreach (var span in transformer.Spans)
        {
            Assert.Equal(next, span.Offset);
            next += span.Length;
        }

        Assert.Equal(transformer.Width, next);
        for (var r = 0; r < 200; r++)
        {
            var row = data.AsSpan(r * transformer.Width, transformer.Width);
            foreach (var span in transformer.Spans)
            {
                var block = row.Slice(span.Offset, span.Length);
                if (span.Kind == SpanKind.OneHot)
                {
                    Assert.Equal(1f, block.ToArray().Sum());
                }
                else if (span.Kind == SpanKind.Scalar)
                {
                    Assert.InRange(block[0], -1f, 1f);
                }
            }
        }
    }

    [Fact]
    public void Transform_MissingNumbers_GetIndicatorAndComeBackMissing()
    {
        var table = DataTable.FromColumns(["x", "c"], [["1.5", null, "2.25", "3.0", null, "10.75"], ["a", "b", null, "a", "a", "b"]]);
        var transformer = DataTransformer.Fit(table, SchemaInference.Infer(table));

        var back = transformer.InverseTransform(transformer.Transform(table, seed: 0));

        Assert.Contains(transformer.Spans, s => s.Column == "x" && s.Role == "missing" && s.Width == 2);
        Assert.Equal(["1.50", null, "2.25", "3.00", null, "10.75"], back.Column(0));
        Assert.Equal(table.Column(1), back.Column(1));
    }

    [Fact]
    public void InverseTransform_ExtremeOutputs_StayWithinTrainingBoundsAndIntegersRound()
    {
        var table = DataTable.FromColumns(["n"], [[.. Enumerable.Range(0, 50).Select(i => (i * 3).ToString(CultureInfo.InvariantCulture))]]);
        var transformer = DataTransformer.Fit(table, SchemaInference.Infer(table));
        var outputs = new float[transformer.Width * 2];
        outputs[0] = 50f;   // far above: α is clipped, value clamped to max
        outputs[1] = 1f;
        outputs[transformer.Width] = -50f;
        outputs[transformer.Width + 1] = 1f;

        var back = transformer.InverseTransform(outputs);

        foreach (var cell in back.Column(0))
        {
            var value = int.Parse(cell!, CultureInfo.InvariantCulture);
            Assert.InRange(value, 0, 147);
        }
    }

    [Fact]
    public void Transform_IndexEncoding_OneOutputPerCategoryColumn()
    {
        var transformer = DataTransformer.Fit(Real, Schema, new TransformOptions { Categories = CategoryEncoding.Index });
        var data = transformer.Transform(Real, seed: 3);

        var education = transformer.Spans.Single(s => s.Column == "education");
        Assert.Equal(SpanKind.Index, education.Kind);
        Assert.Equal(1, education.Length);
        Assert.Equal(Schema["education"].DistinctCount, education.Width);
        Assert.Equal(Real.Column(Real.IndexOf("education")), transformer.InverseTransform(data).Column(Real.IndexOf("education")));
    }

    [Fact]
    public void SaveLoad_RoundTrip_TransformsIdentically()
    {
        var transformer = DataTransformer.Fit(Real, Schema, new TransformOptions { Seed = 5 });
        using var stream = new MemoryStream();
        transformer.Save(stream);
        stream.Position = 0;

        var loaded = DataTransformer.Load(stream);

        Assert.Equal(transformer.Spans, loaded.Spans);
        Assert.Equal(transformer.Transform(Real, 7), loaded.Transform(Real, 7));
    }

    [Fact]
    public void Transform_SameSeed_SameMatrix()
    {
        var a = DataTransformer.Fit(Real, Schema, new TransformOptions { Seed = 1 });
        var b = DataTransformer.Fit(Real, Schema, new TransformOptions { Seed = 1 });

        Assert.Equal(a.Transform(Real, 4), b.Transform(Real, 4));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"format\":\"augment.gaussian-copula\",\"version\":1,\"columns\":[]}")]
    [InlineData("{\"format\":\"augment.transform\",\"version\":99,\"columns\":[]}")]
    [InlineData("{\"format\":\"augment.transform\",\"version\":1,\"columns\":[{\"name\":\"x\",\"kind\":\"Continuous\",\"mixture\":{\"weights\":[1],\"means\":[0],\"standardDeviations\":[-1]}}]}")]
    public void Load_CorruptOrForeignFile_ThrowsOneLineReason(string json)
    {
        var ex = Assert.Throws<InvalidDataException>(() => DataTransformer.Load(new MemoryStream(Encoding.UTF8.GetBytes(json))));

        Assert.StartsWith("The transform is not valid:", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Transform_UnknownCategory_ThrowsNamingIt()
    {
        var table = DataTable.FromColumns(["c"], [["a", "b"]]);
        var transformer = DataTransformer.Fit(table, SchemaInference.Infer(table));

        var ex = Assert.Throws<ArgumentException>(() => transformer.Transform(DataTable.FromColumns(["c"], [["z"]]), 0));
        Assert.Contains("'z'", ex.Message, StringComparison.Ordinal);
    }
}
