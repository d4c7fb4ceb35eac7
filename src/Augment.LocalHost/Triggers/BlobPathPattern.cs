using System.Text;
using System.Text.RegularExpressions;

namespace Augment.LocalHost.Triggers;

/// <summary>
/// A blob trigger's <c>path</c>, <c>{container}/{blob pattern}</c>, e.g. <c>datasets/{name}</c> or
/// <c>uploads/{folder}/{file}.csv</c>. Tokens in braces bind parts of the blob's name; the last token may span
/// <c>/</c>. The container part may not contain tokens.
/// </summary>
public sealed class BlobPathPattern
{
    private readonly Regex _regex;

    private BlobPathPattern(string container, string blobPattern, Regex regex, IReadOnlyList<string> tokens)
    {
        Container = container;
        BlobPattern = blobPattern;
        _regex = regex;
        Tokens = tokens;
    }

    /// <summary>The container watched.</summary>
    public string Container { get; }

    /// <summary>The pattern for blob names inside it.</summary>
    public string BlobPattern { get; }

    /// <summary>The token names, in order.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Parses a binding's <c>path</c>.</summary>
    /// <exception cref="FormatException">No container, a token in the container, or unbalanced braces.</exception>
    public static BlobPathPattern Parse(string path)
    {
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == path.Length - 1)
        {
            throw new FormatException($"blob path '{path}' must be 'container/pattern'.");
        }

        var container = path[..slash];
        if (container.Contains('{', StringComparison.Ordinal))
        {
            throw new FormatException($"blob path '{path}': the container may not contain tokens.");
        }

        var pattern = path[(slash + 1)..];
        var regex = new StringBuilder("^");
        var tokens = new List<string>();
        var i = 0;
        while (i < pattern.Length)
        {
            var open = pattern.IndexOf('{', i);
            if (open < 0)
            {
                regex.Append(Regex.Escape(pattern[i..]));
                break;
            }

            var close = pattern.IndexOf('}', open);
            if (close < 0 || pattern.IndexOf('}', i) < open)
            {
                throw new FormatException($"blob path '{path}' has unbalanced braces.");
            }

            regex.Append(Regex.Escape(pattern[i..open]));
            var token = pattern[(open + 1)..close];
            if (token.Length == 0 || tokens.Contains(token, StringComparer.OrdinalIgnoreCase))
            {
                throw new FormatException($"blob path '{path}' has an empty or repeated token.");
            }

            tokens.Add(token);
            var last = pattern.IndexOf('{', close) < 0;
            regex.Append(last ? $"(?<t{tokens.Count - 1}>.+)" : $"(?<t{tokens.Count - 1}>[^/]+)");
            i = close + 1;
        }

        if (pattern.Count(c => c == '{') != pattern.Count(c => c == '}'))
        {
            throw new FormatException($"blob path '{path}' has unbalanced braces.");
        }

        regex.Append('$');
        return new BlobPathPattern(container, pattern, new Regex(regex.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), tokens);
    }

    /// <summary>The token values when <paramref name="blobName"/> matches, else null.</summary>
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
}
