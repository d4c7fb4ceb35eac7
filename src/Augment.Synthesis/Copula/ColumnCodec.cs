using Augment.Data;

namespace Augment.Synthesis;

/// <summary>
/// Maps one column between cell text and its normal-score dimension(s): encoding happens once while fitting,
/// decoding for every sampled cell.
/// </summary>
internal abstract class ColumnCodec
{
    protected ColumnCodec(CopulaColumnFile file) => File = file;

    public CopulaColumnFile File { get; }

    public string Name => File.Name;

    /// <summary>Gets how many score dimensions the column uses.</summary>
    public abstract int Dimensions { get; }

    /// <summary>Writes the cell for the column's scores <paramref name="z"/> (length <see cref="Dimensions"/>).</summary>
    public abstract string? Decode(ReadOnlySpan<double> z);

    /// <summary>Rebuilds a codec from its persisted form, validating it.</summary>
    /// <exception cref="InvalidDataException">The persisted form is inconsistent.</exception>
    public static ColumnCodec FromFile(CopulaColumnFile file)
    {
        if (string.IsNullOrWhiteSpace(file.Name))
        {
            throw new InvalidDataException("a column has no name");
        }

        return file.Kind is ColumnKind.Continuous or ColumnKind.Integer or ColumnKind.Datetime && file.Quantiles is not null
            ? new NumericCodec(file)
            : new CategoricalCodec(file);
    }

    /// <summary>A normal score drawn uniformly (in probability) inside [lo, hi], as SDV does for categories.</summary>
    public static double ScoreInInterval(double lo, double hi, RandomSource random) =>
        StandardNormal.InverseCdf(lo + ((hi - lo) * random.NextOpenUnit()));
}
