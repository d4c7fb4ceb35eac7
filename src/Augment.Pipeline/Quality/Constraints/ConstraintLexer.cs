using System.Globalization;
using System.Text;

namespace Augment.Pipeline.Quality.Constraints;

/// <summary>The kinds of token a constraint is made of.</summary>
internal enum TokenKind
{
    Identifier,
    QuotedIdentifier,
    Number,
    String,
    Operator,
    Punctuation,
    End,
}

/// <summary>One token with its position (0-based character offset) for error messages.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool Is(TokenKind kind, string text) => Kind == kind && Text == text;
}

/// <summary>
/// Splits a constraint into tokens: bare identifiers (letters, digits, <c>_</c>, <c>.</c>, <c>-</c>, not starting with
/// a digit or <c>-</c>), backtick-quoted identifiers (<c>`hours per week`</c>, a doubled backtick escapes one), numbers,
/// single- or double-quoted strings (a doubled quote escapes one), the operators <c>&lt; &lt;= &gt; &gt;= == = !=</c>
/// and the punctuation <c>( ) { } ,</c>.
/// </summary>
internal static class ConstraintLexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (c is '`' or '\'' or '"')
            {
                var value = ReadQuoted(text, ref i, c);
                tokens.Add(new Token(c == '`' ? TokenKind.QuotedIdentifier : TokenKind.String, value, start));
            }
            else if (char.IsAsciiDigit(c) || (c is '-' or '.' && i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] == '.')))
            {
                tokens.Add(new Token(TokenKind.Number, ReadNumber(text, ref i), start));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
            }
            else if (c is '<' or '>' or '=' or '!')
            {
                i++;
                if (i < text.Length && text[i] == '=')
                {
                    i++;
                }

                var op = text[start..i];
                if (op == "!")
                {
                    throw new ConstraintSyntaxException("'!' must be followed by '=' (use != for not equal)", start);
                }

                tokens.Add(new Token(TokenKind.Operator, op == "=" ? "==" : op, start));
            }
            else if (c is '(' or ')' or '{' or '}' or ',')
            {
                i++;
                tokens.Add(new Token(TokenKind.Punctuation, c.ToString(), start));
            }
            else
            {
                throw new ConstraintSyntaxException($"unexpected character '{c}'", start);
            }
        }

        tokens.Add(new Token(TokenKind.End, "", text.Length));
        return tokens;
    }

    private static string ReadQuoted(string text, ref int i, char quote)
    {
        var start = i;
        var value = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length)
            {
                throw new ConstraintSyntaxException($"unclosed {quote} quote", start);
            }

            if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    value.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                return value.ToString();
            }

            value.Append(text[i]);
            i++;
        }
    }

    private static string ReadNumber(string text, ref int i)
    {
        var start = i;
        if (text[i] == '-')
        {
            i++;
        }

        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or 'e' or 'E'
            || (text[i] is '+' or '-' && text[i - 1] is 'e' or 'E')))
        {
            i++;
        }

        var number = text[start..i];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw new ConstraintSyntaxException($"'{number}' is not a number", start);
        }

        return number;
    }
}

/// <summary>A constraint that does not follow the grammar; <see cref="Position"/> is where the parser stopped.</summary>
public sealed class ConstraintSyntaxException : Exception
{
    internal ConstraintSyntaxException(string message, int position) : base(message) => Position = position;

    /// <summary>Creates one without a position.</summary>
    public ConstraintSyntaxException() : base("invalid constraint") { }

    /// <summary>Creates one without a position.</summary>
    public ConstraintSyntaxException(string message) : base(message) { }

    /// <summary>Creates one without a position.</summary>
    public ConstraintSyntaxException(string message, Exception inner) : base(message, inner) { }

    /// <summary>0-based character offset in the constraint where the problem is.</summary>
    public int Position { get; }
}
