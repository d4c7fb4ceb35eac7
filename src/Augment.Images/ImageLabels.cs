using System.Text;
using Augment.Data;

namespace Augment.Images;

/// <summary>An attribute of every image of a set, from <c>labels.csv</c> (e.g. <c>site</c> or <c>sex</c>).</summary>
/// <param name="Name">The column name.</param>
/// <param name="Values">One value per image, in set order; empty when the cell was empty.</param>
public sealed record ImageAttribute(string Name, IReadOnlyList<string> Values);

/// <summary>
/// The optional <c>labels.csv</c> at the root of an image archive: a <c>file</c> column (the image's path in the zip,
/// e.g. <c>shirt/0001.png</c>), an optional <c>class</c> column, and any other columns as attributes for the bias audit.
/// The folder is the class: a <c>class</c> cell that names another class is an error, not an override. When the file is
/// present every image needs exactly one row and every row an image. Errors are one line naming the row or column.
/// </summary>
public static class ImageLabels
{
    /// <summary>The file name at the archive's root.</summary>
    public const string FileName = "labels.csv";

    /// <summary>The column holding each image's path in the archive.</summary>
    public const string FileColumn = "file";

    /// <summary>The optional column holding each image's class (must agree with its folder).</summary>
    public const string ClassColumn = "class";

    /// <summary>The most attribute columns accepted.</summary>
    public const int MaxAttributes = 32;

    /// <summary>Reads the attributes of <paramref name="names"/> from a labels.csv.</summary>
    /// <param name="csv">The labels.csv bytes.</param>
    /// <param name="names">The archive's image paths, in set order.</param>
    /// <param name="classes">Each image's class (its folder), in set order.</param>
    /// <exception cref="InvalidDataException">The file is not valid; the message is one line starting <c>labels.csv</c>.</exception>
    public static IReadOnlyList<ImageAttribute> Read(byte[] csv, IReadOnlyList<string> names, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(classes);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            index[Normalize(names[i])] = i;
        }

        // The table reader is async; the bytes are already in memory, so nothing here waits on I/O.
        return ReadAsync(csv, index, classes).GetAwaiter().GetResult();
    }

    private static async Task<IReadOnlyList<ImageAttribute>> ReadAsync(byte[] csv, Dictionary<string, int> index, IReadOnlyList<string> classes)
    {
        try
        {
            using var stream = new MemoryStream(csv, writable: false);
            await using var reader = await CsvRowReader.OpenAsync(stream, new CsvReadOptions { MaxColumns = MaxAttributes + 2, MaxCellLength = 4096, MaxRows = 1_000_000 });
            // The shared reader already rejects empty and duplicate column names, ragged rows and bad encodings.
            var columns = reader.Columns;
            var file = IndexOf(columns, FileColumn);
            if (file < 0)
            {
                throw new InvalidDataException($"{FileName} has no '{FileColumn}' column (its header: {string.Join(", ", columns)}); it needs file, then optionally class and attribute columns.");
            }

            var cls = IndexOf(columns, ClassColumn);
            var attributeColumns = Enumerable.Range(0, columns.Count).Where(c => c != file && c != cls).ToList();
            var values = attributeColumns.Select(_ => new string[index.Count]).ToList();
            var seen = new int[index.Count];
            var row = new string?[columns.Count];
            while (await reader.ReadAsync(row))
            {
                var line = reader.RowCount + 1;
                var path = row[file] ?? "";
                if (!index.TryGetValue(Normalize(path), out var image))
                {
                    throw new InvalidDataException($"{FileName} line {line}: '{path}' is not an image in the archive (give its path in the zip, e.g. '{index.Keys.First()}').");
                }

                if (seen[image] != 0)
                {
                    throw new InvalidDataException($"{FileName} line {line}: '{path}' is listed twice (first on line {seen[image]}).");
                }

                seen[image] = line;
                if (cls >= 0 && !string.IsNullOrEmpty(row[cls]) && !string.Equals(row[cls], classes[image], StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{FileName} line {line}: '{path}' is labelled '{row[cls]}' but is in folder '{classes[image]}'; the folder is the class, so move the file or fix the row.");
                }

                for (var a = 0; a < attributeColumns.Count; a++)
                {
                    values[a][image] = row[attributeColumns[a]]?.Trim() ?? "";
                }
            }

            var missing = Array.IndexOf(seen, 0);
            if (missing >= 0)
            {
                var unlisted = seen.Count(s => s == 0);
                throw new InvalidDataException($"{FileName} has no row for '{index.First(p => p.Value == missing).Key}'{(unlisted > 1 ? $" and {unlisted - 1:N0} other image(s)" : "")}; with a {FileName}, every image needs one.");
            }

            return [.. attributeColumns.Select((c, a) => new ImageAttribute(columns[c], values[a]))];
        }
        catch (DataFormatException ex)
        {
            throw new InvalidDataException($"{FileName}: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }

    /// <summary>Writes labels.csv for images stored under <paramref name="entryNames"/>: file, class, then the attributes.</summary>
    /// <param name="images">The images (their <see cref="ImageSet.Attributes"/> are written).</param>
    /// <param name="entryNames">Each image's path in the archive, in set order.</param>
    public static byte[] Write(ImageSet images, IReadOnlyList<string> entryNames)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(entryNames);
        var attributes = images.Attributes ?? [];
        var text = new StringBuilder();
        text.AppendJoin(',', new[] { FileColumn, ClassColumn }.Concat(attributes.Select(a => a.Name)).Select(Quote)).Append('\n');
        for (var i = 0; i < images.Count; i++)
        {
            text.AppendJoin(',', new[] { entryNames[i], images.Classes[images.Labels[i]] }.Concat(attributes.Select(a => a.Values[i])).Select(Quote)).Append('\n');
        }

        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    /// <summary>Appends rows for more images (e.g. synthetic ones) to a labels.csv: their file and class, attributes
    /// empty (missing), so the archive they join still has one row per image.</summary>
    /// <param name="csv">The labels.csv bytes (valid: read by <see cref="Read"/> before).</param>
    /// <param name="rows">Each new image's path in the archive and its class.</param>
    public static byte[] Append(byte[] csv, IEnumerable<(string File, string Class)> rows)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(rows);
        IReadOnlyList<string> columns;
        using (var stream = new MemoryStream(csv, writable: false))
        {
            // In memory: nothing waits on I/O.
            var reader = CsvRowReader.OpenAsync(stream).GetAwaiter().GetResult();
            columns = reader.Columns;
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        var (file, cls) = (IndexOf(columns, FileColumn), IndexOf(columns, ClassColumn));
        var text = new StringBuilder(Encoding.UTF8.GetString(csv).TrimEnd('\r', '\n')).Append('\n');
        foreach (var (path, name) in rows)
        {
            text.AppendJoin(',', Enumerable.Range(0, columns.Count).Select(c => c == file ? Quote(path) : c == cls ? Quote(name) : "")).Append('\n');
        }

        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Normalize(string path)
    {
        var p = path.Trim().Replace('\\', '/');
        return p.StartsWith("./", StringComparison.Ordinal) ? p[2..] : p.TrimStart('/');
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
