using Augment.Data;
using Augment.Synthesis;

namespace Augment.Bench;

/// <summary>Fits a generator by name through the catalog of Augment.Synthesis (conditional on the target where the
/// model supports it), so every model of the build, and <c>auto</c>, can be benchmarked.</summary>
internal static class GeneratorCatalog
{
    public static ITabularGenerator Fit(string model, DataTable train, DatasetSchema schema, TrainingOptions options)
    {
        var catalog = Augment.Synthesis.GeneratorCatalog.Default;
        return catalog.Contains(model)
            ? catalog.Fit(model, train, schema, options)
            : throw new ArgumentException($"quality: unknown model '{model}' (known: {string.Join(", ", catalog.Names)}).");
    }
}
