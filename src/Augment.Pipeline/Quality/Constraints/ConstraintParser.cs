using System.Globalization;

namespace Augment.Pipeline.Quality.Constraints;

/// <summary>A value in a constraint: a column, a number or a text.</summary>
internal abstract record Operand;

internal sealed record ColumnOperand(string Name, int Position) : Operand;

internal sealed record NumberOperand(double Value, string Text) : Operand;

internal sealed record TextOperand(string Value) : Operand;

/// <summary>A condition on one row.</summary>
internal abstract record Condition;

internal sealed record Comparison(Operand Left, string Operator, Operand Right, int Position) : Condition;

internal sealed record Membership(ColumnOperand Column, IReadOnlyList<Operand> Values, bool Negated) : Condition;

internal sealed record Conjunction(IReadOnlyList<Condition> Parts) : Condition;

/// <summary>A whole constraint.</summary>
internal abstract record ConstraintNode;

internal sealed record CheckNode(Condition Condition) : ConstraintNode;

internal sealed record ImplicationNode(Condition If, Condition Then) : ConstraintNode;

internal sealed record FixedNode(IReadOnlyList<ColumnOperand> Columns) : ConstraintNode;

/// <summary>
/// Recursive-descent parser of the constraint grammar (docs/constraints.md):
/// <code>
/// constraint := 'fixed' '(' column (',' column)+ ')' | 'if' condition 'then' condition | condition
/// condition  := atom ('and' atom)*
/// atom       := operand ('&lt;' | '&lt;=' | '&gt;' | '&gt;=' | '==' | '=' | '!=') operand
///             | column ['not'] 'in' '{' literal (',' literal)* '}'
/// operand    := column | number | 'text' | "text"
/// column     := name | `any name`
/// </code>
/// Keywords (fixed, if, then, and, not, in) are case-insensitive; a column with such a name needs backticks.
/// </summary>
internal sealed class ConstraintParser
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "fixed", "if", "then", "and", "not", "in" };
    private readonly List<Token> _tokens;
    private int _next;

    private ConstraintParser(List<Token> tokens) => _tokens = tokens;

    private Token Peek => _tokens[_next];

    /// <summary>Parses one constraint.</summary>
    /// <exception cref="ConstraintSyntaxException">The text does not follow the grammar.</exception>
    public static ConstraintNode Parse(string text)
    {
        var parser = new ConstraintParser(ConstraintLexer.Tokenize(text));
        if (parser.Peek.Kind == TokenKind.End)
        {
            throw new ConstraintSyntaxException("the constraint is empty", 0);
        }

        var node = parser.ParseConstraint();
        if (parser.Peek.Kind != TokenKind.End)
        {
            throw new ConstraintSyntaxException($"unexpected '{parser.Peek.Text}' after a complete constraint", parser.Peek.Position);
        }

        return node;
    }

    private ConstraintNode ParseConstraint()
    {
        if (Peek.IsKeyword("fixed") && _tokens[_next + 1].Is(TokenKind.Punctuation, "("))
        {
            _next += 2;
            var columns = new List<ColumnOperand> { ParseColumn() };
            while (Accept(TokenKind.Punctuation, ","))
            {
                columns.Add(ParseColumn());
            }

            Expect(TokenKind.Punctuation, ")");
            if (columns.Count < 2)
            {
                throw new ConstraintSyntaxException("fixed(...) needs at least two columns", columns[0].Position);
            }

            return new FixedNode(columns);
        }

        if (Peek.IsKeyword("if"))
        {
            _next++;
            var condition = ParseCondition();
            if (!Peek.IsKeyword("then"))
            {
                throw new ConstraintSyntaxException($"expected 'then' but found {Describe(Peek)}", Peek.Position);
            }

            _next++;
            return new ImplicationNode(condition, ParseCondition());
        }

        return new CheckNode(ParseCondition());
    }

    private Condition ParseCondition()
    {
        var parts = new List<Condition> { ParseAtom() };
        while (Peek.IsKeyword("and"))
        {
            _next++;
            parts.Add(ParseAtom());
        }

        return parts.Count == 1 ? parts[0] : new Conjunction(parts);
    }

    private Condition ParseAtom()
    {
        var position = Peek.Position;
        var left = ParseOperand();
        var negated = false;
        if (Peek.IsKeyword("not"))
        {
            _next++;
            negated = true;
            if (!Peek.IsKeyword("in"))
            {
                throw new ConstraintSyntaxException($"expected 'in' after 'not' but found {Describe(Peek)}", Peek.Position);
            }
        }

        if (Peek.IsKeyword("in"))
        {
            _next++;
            if (left is not ColumnOperand column)
            {
                throw new ConstraintSyntaxException("the left side of 'in' must be a column", position);
            }

            Expect(TokenKind.Punctuation, "{");
            var values = new List<Operand> { ParseLiteral() };
            while (Accept(TokenKind.Punctuation, ","))
            {
                values.Add(ParseLiteral());
            }

            Expect(TokenKind.Punctuation, "}");
            return new Membership(column, values, negated);
        }

        if (Peek.Kind != TokenKind.Operator)
        {
            throw new ConstraintSyntaxException($"expected a comparison (<, <=, >, >=, ==, !=) or 'in' but found {Describe(Peek)}", Peek.Position);
        }

        var op = Peek.Text;
        _next++;
        return new Comparison(left, op, ParseOperand(), position);
    }

    private Operand ParseOperand()
    {
        var token = Peek;
        return token.Kind switch
        {
            TokenKind.Identifier when !Keywords.Contains(token.Text) => ParseColumn(),
            TokenKind.QuotedIdentifier => ParseColumn(),
            TokenKind.Number or TokenKind.String => ParseLiteral(),
            _ => throw new ConstraintSyntaxException($"expected a column, a number or a quoted text but found {Describe(token)}", token.Position),
        };
    }

    private Operand ParseLiteral()
    {
        var token = Peek;
        _next++;
        return token.Kind switch
        {
            TokenKind.Number => new NumberOperand(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture), token.Text),
            TokenKind.String => new TextOperand(token.Text),
            _ => throw new ConstraintSyntaxException($"expected a number or a quoted text but found {Describe(token)}", token.Position),
        };
    }

    private ColumnOperand ParseColumn()
    {
        var token = Peek;
        if (token.Kind == TokenKind.QuotedIdentifier || (token.Kind == TokenKind.Identifier && !Keywords.Contains(token.Text)))
        {
            _next++;
            return new ColumnOperand(token.Text, token.Position);
        }

        throw new ConstraintSyntaxException($"expected a column name but found {Describe(token)}", token.Position);
    }

    private bool Accept(TokenKind kind, string text)
    {
        if (Peek.Is(kind, text))
        {
            _next++;
            return true;
        }

        return false;
    }

    private void Expect(TokenKind kind, string text)
    {
        if (!Accept(kind, text))
        {
            throw new ConstraintSyntaxException($"expected '{text}' but found {Describe(Peek)}", Peek.Position);
        }
    }

    private static string Describe(Token token) => token.Kind == TokenKind.End ? "the end" : $"'{token.Text}'";
}
