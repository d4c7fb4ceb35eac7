using System.Globalization;
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

    /// <summary>The report's column kind of a withheld free-text column.</summary>
    public const string FreeTextKind = "FreeText";

    /// <summary>Largest augment.json accepted.</summary>
    public const int MaxSpecBytes = 64 * 1024;

    public async Task<ProfileResult> RunAsync(ProfileInput input, CancellationToken cancellationToken)
    {
        var request = input.Request;
        var spec = await ReadSpecAsync(request, cancellationToken);
        var limits = InputLimits.Resolve(spec?.Limits);

        DataTable table;
        try
        {
            table = await BlobTables.ReadAsync(blobs, request.Container, request.BlobName, request.ETag is null ? null : new ETag(request.ETag), limits, cancellationToken);
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
            var advice = ex.Limit is { } limit ? $" ({InputLimits.Advice(limit)})" : "";
            throw new InvalidDataException($"{request.BlobName}: {ex.Message.TrimEnd('.')}{advice}.", ex);
        }

        if (OtherDelimiter(table) is { } delimiter)
        {
            throw new InvalidDataException(
                $"{request.BlobName} reads as one column ('{Shorten(table.Columns[0])}'); it looks separated by {delimiter}, but datasets are comma-separated CSV (RFC 4180): save it with commas.");
        }

        if (table.RowCount < MinRows)
        {
            throw new InvalidDataException($"{request.BlobName} has {table.RowCount} data rows; at least {MinRows} are needed to learn from.");
        }

        var forced = spec?.Target is { } t && table.IndexOf(t) >= 0 ? new[] { t } : [];
        var fullSchema = SchemaInference.Infer(table, new SchemaInferenceOptions { CategoricalColumns = forced });
        // Every later stage reads one form per column: junk in a number or date column as missing, '$1,200' as 1200.
        table = SchemaInference.Clean(table, fullSchema);

        // Identifier and free-text columns are set aside: every later stage works on the other columns, and Merge puts the
        // real rows' values back and gives synthetic rows fresh identifiers and empty free text. Nothing is copied verbatim.
        var identifiers = IdentifierColumn.Detect(table, fullSchema);
        var identifierNames = identifiers.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var withheld = Enumerable.Range(0, table.Columns.Count)
            .Where(c => fullSchema[table.Columns[c]].Kind == ColumnKind.Text && !identifierNames.Contains(table.Columns[c]))
            .Select(c => IdentifierColumn.Withheld(table.Columns[c], c))
            .ToList();
        var setAside = identifiers.Concat(withheld).OrderBy(i => i.Position).ToList();
        var setAsideNames = setAside.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var schema = new DatasetSchema([.. fullSchema.Columns.Where(c => !setAsideNames.Contains(c.Name))]);
        var modelled = Enumerable.Range(0, table.Columns.Count).Where(c => !setAsideNames.Contains(table.Columns[c])).ToArray();
        if (modelled.Length == 0)
        {
            var kinds = identifiers.Count == 0 ? "free-text" : withheld.Count == 0 ? "identifier" : "identifier and free-text";
            throw new InvalidDataException($"{request.BlobName} has only {kinds} columns ({string.Join(", ", setAside.Select(i => i.Name))}); there is nothing to learn from.");
        }

        // A guessed target is already a class column (the resolver only guesses categorical or boolean columns).
        var resolved = SpecResolver.Resolve(spec, schema, table.RowCount);
        var notes = identifiers.Select(i => $"identifiers: '{i.Name}' holds a distinct value in every row, so it is not modelled; synthetic rows get fresh values ({i.Value(0)}, {i.Value(1)}, …) that no real row has.")
            .Concat(withheld.Select(w => FreeTextNote(fullSchema[w.Name], table.RowCount)))
            .Concat(fullSchema.Columns.Where(c => c.NeedsCleaning && !setAsideNames.Contains(c.Name)).Select(c => CleaningNote(c, table.RowCount)))
            .ToList();
        if (notes.Count > 0)
        {
            resolved = resolved with { Defaults = [.. resolved.Defaults, .. notes] };
        }

        var (allTrain, holdout) = Splitter.StratifiedSplit(table, resolved.Target, resolved.HoldoutFraction, resolved.Seed);
        var train = allTrain.SelectColumns(modelled);
        holdout = holdout.SelectColumns(modelled);
        await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, WorkArea.Train(input.RunId), train, cancellationToken);
        await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, WorkArea.Holdout(input.RunId), holdout, cancellationToken);
        if (train.RowCount > limits.MaxTrainingRows)
        {
            // The generator's memory and time grow with the rows it sees: it is fit on a stratified, seeded sample.
            var (fit, _) = Splitter.StratifiedSplit(train, resolved.Target, 1 - ((double)limits.MaxTrainingRows / train.RowCount), resolved.Seed + 1);
            await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, WorkArea.FitSample(input.RunId), fit, cancellationToken);
            resolved = resolved with
            {
                Defaults = [.. resolved.Defaults, string.Create(CultureInfo.InvariantCulture,
                    $"training sample: {train.RowCount:N0} training rows are more than limits.maxTrainingRows ({limits.MaxTrainingRows:N0}), so the generator is fit on a stratified sample of {fit.RowCount:N0} of them (seeded), which bounds the trainer's memory and time; the filters, the evaluation and augmented.csv use every row.")],
            };
        }
        if (setAside.Count > 0)
        {
            await BlobTables.WriteAsync(blobs, WorkArea.WorkContainer, WorkArea.Identifiers(input.RunId), allTrain.SelectColumns([.. setAside.Select(i => i.Position)]), cancellationToken);
        }

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

        var columns = fullSchema.Columns.Select(c => new ColumnSummary(
            c.Name,
            identifierNames.Contains(c.Name) ? "Identifier" : setAsideNames.Contains(c.Name) ? FreeTextKind : c.Kind.ToString(),
            c.MissingCount,
            c.DistinctCount) { Invalid = c.InvalidCount, Reformatted = c.ReformattedCount }).ToList();
        return new ProfileResult(table.RowCount, train.RowCount, holdout.RowCount, columns, resolved, classCounts) { Identifiers = setAside };
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

    private static string FreeTextNote(ColumnProfile column, int rows) => string.Create(CultureInfo.InvariantCulture,
        $"free text: '{column.Name}' has {column.DistinctCount:N0} distinct values in {rows:N0} rows, too many to be categories; it is not modelled, so no real text is copied into synthetic rows, which leave it empty (real rows keep theirs).");

    private static string CleaningNote(ColumnProfile column, int rows)
    {
        var what = column.Kind == ColumnKind.Datetime ? $"dates ({column.DatetimeFormat})" : "numbers";
        var parts = new List<string>();
        if (column.InvalidCount > 0)
        {
            var examples = string.Join(", ", (column.InvalidExamples ?? []).Select(e => $"'{Shorten(e)}'"));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{column.InvalidCount:N0} cells ({100.0 * column.InvalidCount / rows:0.#} %) that are not, such as {examples}, are read as missing"));
        }

        if (column.ReformattedCount > 0)
        {
            var how = column.Kind == ColumnKind.Datetime ? "in another date format" : "with currency, percent or thousands signs";
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{column.ReformattedCount:N0} written {how} are rewritten in the column's form"));
        }

        return $"cleaning: '{column.Name}' is read as {what}; {string.Join("; ", parts)}.";
    }

    /// <summary>
    /// The delimiter a one-column table was most likely written with (semicolon, tab or pipe in its header and in the
    /// same number on most of its first rows), or null when the file really has one column.
    /// </summary>
    internal static string? OtherDelimiter(DataTable table)
    {
        if (table.Columns.Count != 1)
        {
            return null;
        }

        foreach (var (c, name) in new[] { (';', "semicolons"), ('\t', "tabs"), ('|', "pipes") })
        {
            var inHeader = table.Columns[0].Count(ch => ch == c);
            if (inHeader == 0)
            {
                continue;
            }

            var cells = table.Column(0);
            var rows = Math.Min(table.RowCount, 20);
            var alike = Enumerable.Range(0, rows).Count(r => (cells[r] ?? "").Count(ch => ch == c) == inHeader);
            if (rows == 0 || alike * 2 >= rows)
            {
                return name;
            }
        }

        return null;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
