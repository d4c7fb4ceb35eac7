using System.Globalization;

namespace Augment.Data;

/// <summary>
/// The one definition of how cell text reads as numbers and datetimes (invariant culture) and how generated
/// values are written back, shared by schema inference and the generators.
/// </summary>
public static class CellValues
{
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>
    /// The datetime formats that are recognised, in the order they are tried; a column is a datetime column when
    /// every value parses with the same one. Zero-padded forms come before unpadded ones, month-first before day-first.
    /// </summary>
    public static IReadOnlyList<string> DatetimeFormats { get; } =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss'Z'",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy/MM/dd",
        "MM/dd/yyyy",
        "dd/MM/yyyy",
        "M/d/yyyy",
        "d/M/yyyy",
        "dd.MM.yyyy",
        "MM/dd/yyyy HH:mm:ss",
        "dd/MM/yyyy HH:mm:ss",
    ];

    /// <summary>
    /// Reads a number written plainly: an optional minus, digits without a leading zero (except a lone 0 before
    /// the point), an optional fraction and exponent. "007", "+5", "1,000", "NaN" and "Infinity" are not numbers.
    /// </summary>
    /// <param name="text">The cell.</param>
    /// <param name="value">The number.</param>
    /// <param name="decimalPlaces">Digits after the point that the value needs (an exponent shifts them).</param>
    /// <param name="isInteger">No point and no exponent.</param>
    public static bool TryParseNumber(string text, out double value, out int decimalPlaces, out bool isInteger)
    {
        value = 0;
        decimalPlaces = 0;
        isInteger = false;
        if (!IsPlainNumber(text, out decimalPlaces, out isInteger))
        {
            return false;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Reads a datetime with one exact format, as UTC, into Unix seconds.</summary>
    /// <param name="text">The cell.</param>
    /// <param name="format">A .NET custom format (one of <see cref="DatetimeFormats"/>).</param>
    /// <param name="unixSeconds">Seconds since 1970-01-01T00:00:00Z.</param>
    public static bool TryParseDatetime(string text, string format, out double unixSeconds)
    {
        if (DateTime.TryParseExact(
                text,
                format,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var parsed))
        {
            unixSeconds = (parsed.Ticks - UnixEpochTicks) / (double)TimeSpan.TicksPerSecond;
            return true;
        }

        unixSeconds = 0;
        return false;
    }

    /// <summary>Writes Unix seconds (UTC) with a datetime format; values out of range are clamped.</summary>
    /// <param name="unixSeconds">Seconds since 1970-01-01T00:00:00Z.</param>
    /// <param name="format">A .NET custom format.</param>
    public static string FormatDatetime(double unixSeconds, string format)
    {
        var ticks = (unixSeconds * TimeSpan.TicksPerSecond) + UnixEpochTicks;
        ticks = Math.Clamp(ticks, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
        return new DateTime((long)Math.Round(ticks), DateTimeKind.Utc).ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>Writes a number with a fixed count of decimal places (rounded); whole numbers have none.</summary>
    /// <param name="value">The value.</param>
    /// <param name="decimalPlaces">Digits after the point, 0 to 15.</param>
    public static string FormatNumber(double value, int decimalPlaces)
    {
        decimalPlaces = Math.Clamp(decimalPlaces, 0, 15);
        var rounded = Math.Round(value, decimalPlaces, MidpointRounding.AwayFromZero);
        if (rounded == 0)
        {
            rounded = 0; // no "-0"
        }

        // Whole numbers below 2^53 print the same through long, several times faster than "F0" on a double.
        return decimalPlaces == 0 && Math.Abs(rounded) < 9007199254740992d
            ? ((long)rounded).ToString(CultureInfo.InvariantCulture)
            : rounded.ToString("F" + decimalPlaces.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static bool IsPlainNumber(string text, out int decimals, out bool isInteger)
    {
        decimals = 0;
        isInteger = false;
        var span = text.AsSpan();
        var i = 0;
        if (i < span.Length && span[i] == '-')
        {
            i++;
        }

        var intStart = i;
        while (i < span.Length && char.IsAsciiDigit(span[i]))
        {
            i++;
        }

        var intDigits = i - intStart;
        if (intDigits > 1 && span[intStart] == '0')
        {
            return false; // leading zero: a code such as 007 or a zip code
        }

        var fracDigits = 0;
        var hasPoint = i < span.Length && span[i] == '.';
        if (hasPoint)
        {
            i++;
            var fracStart = i;
            while (i < span.Length && char.IsAsciiDigit(span[i]))
            {
                i++;
            }

            fracDigits = i - fracStart;
        }

        if (intDigits + fracDigits == 0)
        {
            return false;
        }

        var exponent = 0;
        var hasExponent = i < span.Length && span[i] is 'e' or 'E';
        if (hasExponent)
        {
            i++;
            var negative = i < span.Length && span[i] == '-';
            if (i < span.Length && span[i] is '+' or '-')
            {
                i++;
            }

            var expStart = i;
            while (i < span.Length && char.IsAsciiDigit(span[i]))
            {
                exponent = Math.Min(1000, (exponent * 10) + (span[i] - '0'));
                i++;
            }

            if (i == expStart)
            {
                return false;
            }

            exponent = negative ? -exponent : exponent;
        }

        if (i != span.Length)
        {
            return false;
        }

        isInteger = !hasPoint && !hasExponent;
        decimals = Math.Clamp(fracDigits - exponent, 0, 15);
        return true;
    }
}
