using Augment.Data;
using Augment.Synthesis;

namespace Augment.Bench;

/// <summary>
/// Fits a generator by name. Until the model catalog of Augment.Synthesis is merged, only the Gaussian copula is
/// known here; after the merge this should delegate to that catalog.
/// </summary>
internal static class GeneratorCatalog
{
    public static ITabularGenerator Fit(string model, DataTable train, DatasetSchema schema, int seed) => model switch
    {
        "gaussian-copula" => GaussianCopulaGenerator.Fit(train, schema, new GaussianCopulaOptions { Seed = seed }),
        _ => throw new ArgumentException($"quality: unknown model '{model}' (known: gaussian-copula)."),
    };
}
