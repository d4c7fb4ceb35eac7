using System.Globalization;

namespace Augment.Bench;

/// <summary>Options of the <c>quality</c> suite.</summary>
internal sealed record QualityArgs(string Train, string? Test, string Target, string Model, int Seed, int? Rows, IReadOnlyList<string> Sensitive, double? MinorityShare, int? Epochs = null, int? BatchSize = null, int? BudgetSeconds = null)
{
    /// <summary>Parses <c>--train [--test] --target --model [--seed] [--rows] [--sensitive a,b] [--minority-share 0.02] [--epochs N] [--batch N] [--budget-s N]</c>; a one-line error otherwise.</summary>
    public static QualityArgs Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"quality: expected '--name value' pairs, got '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var v)
            ? v
            : throw new ArgumentException($"quality: --{name} is required (usage: quality --train a.csv [--test b.csv] --target col --model gaussian-copula [--seed 42] [--rows N] [--sensitive a,b] [--minority-share 0.02] [--epochs N] [--batch N] [--budget-s N]).");

        int? Int(string name) => values.TryGetValue(name, out var v)
            ? int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"quality: --{name} must be a positive whole number, got '{v}'.")
            : null;

        var known = new HashSet<string>(["train", "test", "target", "model", "seed", "rows", "sensitive", "minority-share", "epochs", "batch", "budget-s"], StringComparer.Ordinal);
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"quality: unknown option --{unknown}.");
        }

        double? share = null;
        if (values.TryGetValue("minority-share", out var text))
        {
            share = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is > 0 and < 0.5
                ? v
                : throw new ArgumentException($"quality: --minority-share must be a number in (0, 0.5), got '{text}'.");
        }

        var sensitive = values.TryGetValue("sensitive", out var list) ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        return new QualityArgs(Required("train"), values.GetValueOrDefault("test"), Required("target"), values.GetValueOrDefault("model", "gaussian-copula"), Int("seed") ?? 42, Int("rows"), sensitive, share, Int("epochs"), Int("batch"), Int("budget-s"));
    }
}
