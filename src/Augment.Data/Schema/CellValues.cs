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

    /// <summary>
    /// Reads a number the way spreadsheets and exports write it, where <see cref="TryParseNumber"/> does not: surrounding
    /// spaces, one currency sign before or after the number (<c>$ € £ ¥</c>), a trailing percent sign (<c>12.5%</c> reads
    /// as 12.5, the number written), and thousands separators in groups of three (<c>1,200</c>, <c>$1,200.50</c>). The
    /// rest must be a plain number, so codes with leading zeros (<c>007</c>) and lists (<c>1,2</c>) still are not numbers.
    /// </summary>
    /// <param name="text">The cell.</param>
    /// <param name="value">The number.</param>
    /// <param name="decimalPlaces">Digits after the point that the value needs.</param>
    /// <param name="isInteger">No point and no exponent.</param>
    public static bool TryParseLenientNumber(string text, out double value, out int decimalPlaces, out bool isInteger)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParseNumber(text, out value, out decimalPlaces, out isInteger))
        {
            return true;
        }

        var span = text.AsSpan().Trim();
        var negative = false;
        if (span.Length > 0 && span[0] == '-')
        {
            negative = true;
            span = span[1..];
        }

        if (span.Length > 0 && IsCurrencySign(span[0]))
        {
            span = span[1..];
        }
        else if (span.Length > 0 && IsCurrencySign(span[^1]))
        {
            span = span[..^1];
        }

        if (span.Length > 0 && span[^1] == '%')
        {
            span = span[..^1];
        }

        span = span.Trim();
        if (!negative && span.Length > 0 && span[0] == '-')
        {
            negative = true; // $-5
            span = span[1..];
        }

        Span<char> digits = stackalloc char[Math.Min(span.Length + 1, 128)];
        if (span.Length + 1 > digits.Length || !WithoutThousandsSeparators(span, digits[1..], out var length))
        {
            return false;
        }

        digits[0] = '-';
        var plain = negative ? digits[..(length + 1)] : digits.Slice(1, length);
        var candidate = plain.ToString();
        return TryParseNumber(candidate, out value, out decimalPlaces, out isInteger);
    }

    private static bool IsCurrencySign(char c) => c is '$' or '\u20AC' or '\u00A3' or '\u00A5';

    /// <summary>Copies <paramref name="text"/> without commas that separate groups of three digits in the integer part.</summary>
    private static bool WithoutThousandsSeparators(ReadOnlySpan<char> text, Span<char> into, out int length)
    {
        length = 0;
        var point = text.IndexOfAny('.', 'e', 'E');
        var integer = point < 0 ? text : text[..point];
        if (integer.Contains(','))
        {
            var groups = integer.ToString().Split(',');
            if (groups[0].Length is 0 or > 3 || groups.Skip(1).Any(g => g.Length != 3) || !groups.All(g => g.All(char.IsAsciiDigit)))
            {
                return false;
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != ',' || (point >= 0 && i > point))
            {
                into[length++] = text[i];
            }
        }

        return true;
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
