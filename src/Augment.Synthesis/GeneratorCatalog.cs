using System.Text.Json;
using Augment.Data;
using Augment.Synthesis.Mixture;

namespace Augment.Synthesis;

/// <summary>One generator the catalog can train and load.</summary>
/// <param name="Name">The name used in specs (<c>gaussian-copula</c>, <c>latent-mixture</c>, …).</param>
/// <param name="FileFormat">The <c>format</c> member its model file starts with.</param>
/// <param name="Description">One line for help texts and reports.</param>
/// <param name="Fit">Trains it on a table with its schema.</param>
/// <param name="Load">Reads a model file it wrote.</param>
public sealed record GeneratorEntry(
    string Name,
    string FileFormat,
    string Description,
    Func<DataTable, DatasetSchema, TrainingOptions, ITabularGenerator> Fit,
    Func<Stream, ITabularGenerator> Load);

/// <summary>
/// The generators this build has, by name: fit one by name (or let <see cref="Auto"/> choose by data size and time
/// budget) and load any model file by the <c>format</c> it declares.
/// </summary>
public sealed class GeneratorCatalog
{
    /// <summary>The name that lets the catalog choose (see <see cref="Choose"/>).</summary>
    public const string Auto = "auto";

    /// <summary>Fewest training rows for which <see cref="Auto"/> picks the latent mixture (below: the copula, which
    /// measured as good or better on data sets of a few hundred rows).</summary>
    public const int MixtureMinRows = 2000;

    /// <summary>Smallest time budget for which <see cref="Auto"/> picks the latent mixture (it fits Adult in about 15 s
    /// on two cores; the copula in under a second).</summary>
    public static readonly TimeSpan MixtureMinBudget = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, GeneratorEntry> _byName;

    /// <summary>Creates a catalog of <paramref name="entries"/>.</summary>
    /// <exception cref="ArgumentException">Two entries share a name or a file format.</exception>
    public GeneratorCatalog(IEnumerable<GeneratorEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = [.. entries];
        _byName = Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        if (Entries.Select(e => e.FileFormat).Distinct(StringComparer.Ordinal).Count() != Entries.Count)
        {
            throw new ArgumentException("Two generators declare the same file format.", nameof(entries));
        }
    }

    /// <summary>Gets the catalog of every generator in this build.</summary>
    public static GeneratorCatalog Default { get; } = new(
    [
        new GeneratorEntry(
            "gaussian-copula",
            "augment.gaussian-copula",
            "Gaussian copula over empirical marginals: fast, good on small data; attenuates category associations.",
            (train, schema, o) =>
            {
                var model = GaussianCopulaGenerator.Fit(train, schema, new GaussianCopulaOptions { Seed = o.Seed });
                o.Progress?.Report(new TrainingProgress(1, 1, "iteration", 0, TimeSpan.Zero, TimeSpan.Zero, "copula"));
                return model;
            },
            GaussianCopulaGenerator.Load),
        new GeneratorEntry(
            LatentMixtureGenerator.Kind,
            "augment.latent-mixture",
            "Large latent-class mixture per class (EM): best fidelity here; needs a few thousand rows.",
            (train, schema, o) => LatentMixtureGenerator.Fit(train, schema, o),
            LatentMixtureGenerator.Load),
    ]);

    /// <summary>Gets the generators, in the order they are listed to users.</summary>
    public IReadOnlyList<GeneratorEntry> Entries { get; }

    /// <summary>Gets the names a spec may use: every generator and <see cref="Auto"/>.</summary>
    public IReadOnlyList<string> Names => [.. Entries.Select(e => e.Name), Auto];

    /// <summary>Whether <paramref name="name"/> is a generator of this catalog or <see cref="Auto"/>.</summary>
    public bool Contains(string name) => name == Auto || _byName.ContainsKey(name);

    /// <summary>What <see cref="Auto"/> picks: the latent mixture for at least <see cref="MixtureMinRows"/> training rows
    /// and no budget under <see cref="MixtureMinBudget"/>, else the Gaussian copula.</summary>
    /// <param name="trainRows">The training rows.</param>
    /// <param name="timeBudget">The training time budget, or null.</param>
    /// <returns>The generator name and a sentence saying why.</returns>
    public (string Name, string Reason) Choose(int trainRows, TimeSpan? timeBudget)
    {
        if (timeBudget is { } budget && budget < MixtureMinBudget)
        {
            return ("gaussian-copula", $"a time budget under {MixtureMinBudget.TotalSeconds:0} s");
        }

        return trainRows >= MixtureMinRows && _byName.ContainsKey(LatentMixtureGenerator.Kind)
            ? (LatentMixtureGenerator.Kind, $"{trainRows} training rows (at least {MixtureMinRows})")
            : ("gaussian-copula", $"{trainRows} training rows (fewer than {MixtureMinRows})");
    }

    /// <summary>Trains the named generator (<see cref="Auto"/> chooses by the table's size and the budget).</summary>
    /// <exception cref="ArgumentException">The name is not in the catalog, or the generator rejects the data.</exception>
    public ITabularGenerator Fit(string name, DataTable train, DatasetSchema schema, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new TrainingOptions();
        if (name == Auto)
        {
            name = Choose(train.RowCount, options.TimeBudget).Name;
        }

        return _byName.TryGetValue(name, out var entry)
            ? entry.Fit(train, schema, options)
            : throw new ArgumentException($"There is no generator '{name}' (available: {string.Join(", ", Names)}).", nameof(name));
    }

    /// <summary>Loads a model file written by any generator of the catalog, chosen by the file's <c>format</c>.</summary>
    /// <exception cref="InvalidDataException">The file is not JSON, declares no format, a format no generator reads, or is corrupt.</exception>
    public ITabularGenerator Load(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        var format = ReadFormat(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        var entry = Entries.FirstOrDefault(e => e.FileFormat == format)
            ?? throw new InvalidDataException($"The model file has format '{format}', which no generator of this build reads (known: {string.Join(", ", Entries.Select(e => e.FileFormat))}).");
        buffer.Position = 0;
        return entry.Load(buffer);
    }

    /// <summary>The top-level <c>format</c> string of a JSON object.</summary>
    private static string ReadFormat(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidDataException("The model file is not a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isFormat = reader.ValueTextEquals("format"u8);
                reader.Read();
                if (isFormat && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString()!;
                }

                reader.Skip();
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The model file is not valid JSON ({ex.Message.Split('\n')[0]}).", ex);
        }

        throw new InvalidDataException("The model file declares no \"format\"; it was not written by a generator of this project.");
    }
}
