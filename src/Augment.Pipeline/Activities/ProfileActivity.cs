using Augment.Data;
using Augment.Pipeline.Spec;
using Augment.Storage;

namespace Augment.Pipeline.Activities;

/// <summary>
/// Reads the uploaded CSV (exactly the version that triggered the run) and its augment.json, infers the schema,
/// resolves the spec against it, splits train/holdout with the spec's seed and writes them under <c>work/{runId}/</c>.
/// </summary>
internal sealed class ProfileActivity(IBlobStore blobs)
{
    /// <summary>Fewest data rows a dataset may have.</summary>
    public const int MinRows = 10;

    /// <summary>Largest augment.json accepted.</summary>
    public const int MaxSpecBytes = 64 * 1024;

    public async Task<ProfileResult> RunAsync(ProfileInput input, CancellationToken cancellationToken)
    {
        var request = input.Request;
        var spec = await ReadSpecAsync(request, cancellationToken);

        DataTable table;
        try
        {
            table = await BlobTables.ReadAsync(blobs, request.Container, request.BlobName, request.ETag is null ? null : new ETag(request.ETag), cancellationToken);
        }
        catch (StorageConflictException)
        {
            throw new InvalidDataException($"{request.BlobName} changed while the run started; the new version starts its own run.");
        }
        catch (FileNotFoundException)
        {
            throw new InvalidDataException($"{request.Container}/{request.BlobName} no longer exists.");
        }
        catch (DataFormatException ex)
        {
            throw new InvalidDataException($"{request.BlobName}: {ex.Message}", ex);
        }

        if (table.RowCount < MinRows)
        {
            throw new InvalidDataException($"{request.BlobName} has {table.RowCount} data rows; at least {MinRows} are needed to learn from.");
        }

        var forced = spec?.Target is { } t && table.IndexOf(t) >= 0 ? new[] { t } : [];
        var schema = SchemaInference.Infer(table, new SchemaInferenceOptions { CategoricalColumns = forced });
        // A guessed target is already a class column (the resolver only guesses categorical or boolean columns).
        var resolved = SpecResolver.Resolve(spec, schema, table.RowCount);

        var (train, holdout) = Splitter.StratifiedSplit(table, resolved.Target, resolved.HoldoutFraction, resolved.Seed);
        await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, WorkArea.Train(input.RunId), train, cancellationToken);
        await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, WorkArea.Holdout(input.RunId), holdout, cancellationToken);
        await BlobTables.WriteJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Schema(input.RunId), schema, DataJsonContext.Default.DatasetSchema, cancellationToken);

        IReadOnlyList<KeyValuePair<string, int>>? classCounts = null;
        if (resolved.Target is { } cls)
        {
            classCounts = train.Column(train.IndexOf(cls))
                .GroupBy(v => v ?? "", StringComparer.Ordinal)
                .Select(g => KeyValuePair.Create(g.Key, g.Count()))
                .OrderBy(k => k.Key, StringComparer.Ordinal)
                .ToList();
        }

        var columns = schema.Columns.Select(c => new ColumnSummary(c.Name, c.Kind.ToString(), c.MissingCount, c.DistinctCount)).ToList();
        return new ProfileResult(table.RowCount, train.RowCount, holdout.RowCount, columns, resolved, classCounts);
    }

    private async Task<AugmentSpec?> ReadSpecAsync(AugmentRequest request, CancellationToken cancellationToken)
    {
        if (request.SpecBlobName is null)
        {
            return null;
        }

        string? text;
        try
        {
            text = await BlobTables.ReadTextAsync(blobs, request.Container, request.SpecBlobName, MaxSpecBytes, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw new SpecException(ex.Message);
        }

        return text is null ? null : AugmentSpec.Parse(text);
    }
}
