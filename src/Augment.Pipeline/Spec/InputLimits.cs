using System.Globalization;
using Augment.Data;

namespace Augment.Pipeline.Spec;

/// <summary>The <c>limits</c> object of <c>augment.json</c>: raise or lower the input limits within their hard caps.</summary>
public sealed record LimitsSpec
{
    /// <summary>Largest CSV accepted, in MiB (1 to <see cref="InputLimits.HardMaxFileMB"/>).</summary>
    public int? MaxFileMB { get; init; }

    /// <summary>Most data rows accepted (10 to <see cref="InputLimits.HardMaxRows"/>).</summary>
    public int? MaxRows { get; init; }

    /// <summary>Most columns accepted (1 to <see cref="InputLimits.HardMaxColumns"/>).</summary>
    public int? MaxColumns { get; init; }

    /// <summary>Longest cell accepted, in characters (1 to <see cref="InputLimits.HardMaxCellLength"/>).</summary>
    public int? MaxCellLength { get; init; }

    /// <summary>Most training rows the generator is fit on; more are sampled down, stratified and seeded
    /// (1,000 to <see cref="InputLimits.HardMaxRows"/>).</summary>
    public int? MaxTrainingRows { get; init; }
}

/// <summary>
/// What a run accepts, checked by Profile before anything expensive: the file's size from its blob properties before a
/// byte is parsed, then rows, columns and cell length while it is read (the reader stops at the first one past a limit).
/// The defaults keep a run's largest process (the trainer, the activity host) within the 2 GB of a Flex Consumption
/// instance: the table is held in memory as text, roughly 4× the file. Each is overridable in <c>augment.json</c>
/// (<c>"limits": {"maxRows": 5000000}</c>) up to a hard cap that no spec can pass.
/// </summary>
/// <param name="MaxFileBytes">Largest CSV, in bytes.</param>
/// <param name="MaxRows">Most data rows.</param>
/// <param name="MaxColumns">Most columns.</param>
/// <param name="MaxCellLength">Longest cell, in characters.</param>
/// <param name="MaxTrainingRows">Most training rows the generator is fit on: past it, a stratified seeded sample of that
/// many. The generator's working set and time grow with the rows it sees; everything else (the filters, the evaluation,
/// augmented.csv) still uses every row.</param>
public sealed record InputLimits(long MaxFileBytes, int MaxRows, int MaxColumns, int MaxCellLength, int MaxTrainingRows = InputLimits.DefaultMaxTrainingRows)
{
    /// <summary>Default most training rows the generator is fit on.</summary>
    public const int DefaultMaxTrainingRows = 500_000;

    /// <summary>Default largest CSV, MiB.</summary>
    public const int DefaultMaxFileMB = 256;

    /// <summary>Default most data rows.</summary>
    public const int DefaultMaxRows = 2_000_000;

    /// <summary>Default most columns.</summary>
    public const int DefaultMaxColumns = 500;

    /// <summary>Default longest cell, characters.</summary>
    public const int DefaultMaxCellLength = 10_000;

    /// <summary>Hard cap on <see cref="LimitsSpec.MaxFileMB"/>.</summary>
    public const int HardMaxFileMB = 2048;

    /// <summary>Hard cap on <see cref="LimitsSpec.MaxRows"/>.</summary>
    public const int HardMaxRows = 10_000_000;

    /// <summary>Hard cap on <see cref="LimitsSpec.MaxColumns"/>.</summary>
    public const int HardMaxColumns = 4096;

    /// <summary>Hard cap on <see cref="LimitsSpec.MaxCellLength"/>.</summary>
    public const int HardMaxCellLength = 1 << 20;

    /// <summary>The limits when <c>augment.json</c> sets none.</summary>
    public static InputLimits Default { get; } = new((long)DefaultMaxFileMB << 20, DefaultMaxRows, DefaultMaxColumns, DefaultMaxCellLength);

    /// <summary>The limits a spec asks for, each default where it is silent.</summary>
    /// <exception cref="SpecException">A limit is out of its range (one line naming the field and the range).</exception>
    public static InputLimits Resolve(LimitsSpec? spec) => spec is null ? Default : new(
        (long)Check(spec.MaxFileMB, DefaultMaxFileMB, 1, HardMaxFileMB, "maxFileMB") << 20,
        Check(spec.MaxRows, DefaultMaxRows, Activities.ProfileActivity.MinRows, HardMaxRows, "maxRows"),
        Check(spec.MaxColumns, DefaultMaxColumns, 1, HardMaxColumns, "maxColumns"),
        Check(spec.MaxCellLength, DefaultMaxCellLength, 1, HardMaxCellLength, "maxCellLength"),
        Check(spec.MaxTrainingRows, DefaultMaxTrainingRows, 1000, HardMaxRows, "maxTrainingRows"));

    /// <summary>The reader's options for these limits.</summary>
    public CsvReadOptions ReadOptions => new() { MaxRows = MaxRows, MaxColumns = MaxColumns, MaxCellLength = MaxCellLength };

    /// <summary>What to tell a user whose file went past <paramref name="limit"/>: the field that raises it and its cap.</summary>
    public static string Advice(CsvLimit limit) => limit switch
    {
        CsvLimit.Rows => Advice("maxRows", HardMaxRows),
        CsvLimit.Columns => Advice("maxColumns", HardMaxColumns),
        _ => Advice("maxCellLength", HardMaxCellLength),
    };

    /// <summary>What to tell a user whose file is larger than <see cref="MaxFileBytes"/>.</summary>
    public string FileSizeReason(string blobName, long bytes) =>
        $"{blobName} is {Mib(bytes)} MiB; at most {Mib(MaxFileBytes)} MiB are accepted ({Advice("maxFileMB", HardMaxFileMB)}).";

    private static string Advice(string field, int cap) =>
        string.Create(CultureInfo.InvariantCulture, $"raise limits.{field} in augment.json, up to {cap:N0}, or split the file");

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString(bytes < 10 << 20 ? "0.#" : "N0", CultureInfo.InvariantCulture);

    private static int Check(int? value, int fallback, int min, int max, string field)
    {
        if (value is not { } v)
        {
            return fallback;
        }

        return v >= min && v <= max
            ? v
            : throw new SpecException(string.Create(CultureInfo.InvariantCulture, $"augment.json limits.{field} {v} is out of range ({min:N0} to {max:N0})."));
    }
}
