using System.Text;
using Augment.Data;
using Augment.Pipeline.Activities;
using Augment.Storage;

namespace Augment.Pipeline.Tests.Activities;

/// <summary>
/// Merge's streamed outputs: augmented.csv and synthetic.csv are byte for byte what the old whole-table path
/// (read every table, put identifiers back column by column, <see cref="DataTable.Concat(DataTable, DataTable)"/>, write)
/// produced.
/// </summary>
public sealed class MergeActivityTests
{
    private const string RunId = "run-1";
    private readonly InMemoryBlobStore _blobs = new();

    private static readonly DataTable Train = DataTable.FromColumns(
        ["age", "city", "label"],
        [["31", "45", null, "22"], ["Oslo", "a,b", "Lima", " lead"], ["yes", "no", "no", "yes"]]);

    private static readonly DataTable Kept = DataTable.FromColumns(
        ["age", "city", "label"],
        [["40", null, "19"], ["Lima", "q\"uote", "Oslo"], ["yes", "yes", "no"]]);

    private static readonly DataTable RealIdentifiers = DataTable.FromColumns(
        ["id", "comment"],
        [["C0001", "C0002", "C0003", "C0004"], ["fine", null, "multi\nline", "x"]]);

    private static readonly IReadOnlyList<IdentifierColumn> Identifiers =
        [new IdentifierColumn("id", 0, "prefixed", "C", 4, 5), IdentifierColumn.Withheld("comment", 3)];

    private async Task SeedAsync(bool withIdentifiers)
    {
        await PipelineRegistration.EnsureContainersAsync(_blobs);
        await BlobTables.WriteAsync(_blobs, WorkArea.WorkContainer, WorkArea.Train(RunId), Train, default);
        await BlobTables.WriteAsync(_blobs, WorkArea.WorkContainer, WorkArea.Filtered(RunId), Kept, default);
        if (withIdentifiers)
        {
            await BlobTables.WriteAsync(_blobs, WorkArea.WorkContainer, WorkArea.Identifiers(RunId), RealIdentifiers, default);
        }
    }

    /// <summary>The old path, kept here as the reference: whole tables, identifier columns inserted, concatenated.</summary>
    private static async Task<(byte[] Augmented, byte[] Synthetic)> OldPathAsync(IReadOnlyList<IdentifierColumn> identifiers)
    {
        var train = Train;
        var synthetic = Kept;
        if (identifiers.Count > 0)
        {
            train = Insert(train, identifiers, i => [.. RealIdentifiers.Column(i)]);
            synthetic = Insert(synthetic, identifiers, i => [.. Enumerable.Range(0, Kept.RowCount).Select(k => identifiers[i].Value(k))]);
        }

        return (await Bytes(DataTable.Concat(train, synthetic)), await Bytes(synthetic));
    }

    private static DataTable Insert(DataTable table, IReadOnlyList<IdentifierColumn> identifiers, Func<int, string?[]> cells)
    {
        var names = table.Columns.ToList();
        var columns = Enumerable.Range(0, table.Columns.Count).Select(c => table.Column(c).ToArray()).ToList();
        for (var i = 0; i < identifiers.Count; i++)
        {
            names.Insert(identifiers[i].Position, identifiers[i].Name);
            columns.Insert(identifiers[i].Position, cells(i));
        }

        return DataTable.FromColumns(names, columns);
    }

    private static async Task<byte[]> Bytes(DataTable table)
    {
        using var stream = new MemoryStream();
        await CsvTable.WriteAsync(stream, table);
        return stream.ToArray();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteOutputsAsync_SmallTables_SameBytesAsTheWholeTablePath(bool withIdentifiers)
    {
        await SeedAsync(withIdentifiers);
        var identifiers = withIdentifiers ? Identifiers : [];
        var (expectedAugmented, expectedSynthetic) = await OldPathAsync(identifiers);
        using var augmented = new MemoryStream();
        using var synthetic = new MemoryStream();

        var rows = await new MergeActivity(_blobs).WriteOutputsAsync(RunId, identifiers, augmented, synthetic, default);

        Assert.Equal(Train.RowCount + Kept.RowCount, rows);
        Assert.Equal(Encoding.UTF8.GetString(expectedAugmented), Encoding.UTF8.GetString(augmented.ToArray()));
        Assert.Equal(expectedSynthetic, synthetic.ToArray());
    }

    [Fact]
    public async Task WriteOutputsAsync_IdentifiersShorterThanTrain_FailsWithOneLineReason()
    {
        await SeedAsync(withIdentifiers: false);
        await BlobTables.WriteAsync(_blobs, WorkArea.WorkContainer, WorkArea.Identifiers(RunId), RealIdentifiers.SelectRows([0, 1]), default);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            new MergeActivity(_blobs).WriteOutputsAsync(RunId, Identifiers, new MemoryStream(), new MemoryStream(), default));

        Assert.Contains("fewer rows than train.csv", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task WriteOutputsAsync_BadRowInAWorkBlob_ReportsTheReadersOneLineError()
    {
        await SeedAsync(withIdentifiers: false);
        await _blobs.UploadAsync(WorkArea.WorkContainer, WorkArea.Filtered(RunId), new MemoryStream("age,city,label\n1,Oslo\n"u8.ToArray()));

        var error = await Assert.ThrowsAsync<DataFormatException>(() =>
            new MergeActivity(_blobs).WriteOutputsAsync(RunId, [], new MemoryStream(), new MemoryStream(), default));

        Assert.Equal("Line 2: expected 3 fields as in the header but found 2.", error.Message);
    }
}
