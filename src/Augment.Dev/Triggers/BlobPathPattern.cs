using System.Text;
using System.Text.RegularExpressions;

namespace Augment.Dev.Triggers;

/// <summary>
/// A blob trigger's <c>path</c>, <c>{container}/{blob pattern}</c>, e.g. <c>datasets/{name}</c> or
/// <c>uploads/{folder}/{file}.csv</c>, matched as the host's binding templates are: each token in braces is a
/// greedy <c>.*</c>, so it may span <c>/</c> (<c>datasets/{name}</c> binds <c>name = adult/data.csv</c>; in
/// <c>{name}.{ext}</c> the name takes all but the last extension); <c>{{</c> and <c>}}</c> are literal braces;
/// matching is case-sensitive. The container part may not contain tokens.
/// </summary>
internal sealed class BlobPathPattern
{
    private readonly Regex _regex;

    private BlobPathPattern(string container, string blobPattern, string prefix, Regex regex, IReadOnlyList<string> tokens)
    {
        Container = container;
        BlobPattern = blobPattern;
        Prefix = prefix;
        _regex = regex;
        Tokens = tokens;
    }

    /// <summary>The container watched.</summary>
    public string Container { get; }

    /// <summary>The pattern for blob names inside it.</summary>
    public string BlobPattern { get; }

    /// <summary>The literal start of every matching blob name (the text before the first token; a listing prefix).</summary>
    public string Prefix { get; }

    /// <summary>The token names, in order.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Parses a binding's <c>path</c>.</summary>
    /// <exception cref="FormatException">No container, a token in the container, unbalanced braces, an empty or repeated token.</exception>
    public static BlobPathPattern Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == path.Length - 1)
        {
            throw new FormatException($"blob path '{path}' must be 'container/pattern'.");
        }

        var container = path[..slash];
        if (container.Contains('{', StringComparison.Ordinal) || container.Contains('}', StringComparison.Ordinal))
        {
            throw new FormatException($"blob path '{path}': the container may not contain tokens.");
        }

        var pattern = path[(slash + 1)..];
        var regex = new StringBuilder("^");
        var literal = new StringBuilder();
        var tokens = new List<string>();
        string? prefix = null;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c is '{' or '}' && i + 1 < pattern.Length && pattern[i + 1] == c)
            {
                // {{ and }} stand for a literal brace, as in the host's binding templates.
                literal.Append(c);
                i++;
                continue;
            }

            if (c == '}')
            {
                throw new FormatException($"blob path '{path}' has unbalanced braces.");
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var close = pattern.IndexOf('}', i + 1);
            var token = close < 0 ? "" : pattern[(i + 1)..close];
            if (close < 0 || token.Contains('{', StringComparison.Ordinal))
            {
                throw new FormatException($"blob path '{path}' has unbalanced braces.");
            }

            if (token.Length == 0 || tokens.Contains(token, StringComparer.OrdinalIgnoreCase))
            {
                throw new FormatException($"blob path '{path}' has an empty or repeated token.");
            }

            prefix ??= literal.ToString();
            regex.Append(Regex.Escape(literal.ToString())).Append($"(?<t{tokens.Count}>.*)");
            literal.Clear();
            tokens.Add(token);
            i = close;
        }

        regex.Append(Regex.Escape(literal.ToString())).Append('$');
        prefix ??= literal.ToString();
        return new BlobPathPattern(container, pattern, prefix, new Regex(regex.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), tokens);
    }

    /// <summary>The token values (case-insensitive keys) when <paramref name="blobName"/> matches, else null.</summary>
    public IReadOnlyDictionary<string, string>? Match(string blobName)
    {
        var match = _regex.Match(blobName);
        if (!match.Success)
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var t = 0; t < Tokens.Count; t++)
        {
            values[Tokens[t]] = match.Groups[$"t{t}"].Value;
        }

        return values;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Container}/{BlobPattern}";
}
