using Augment.Data;

namespace Augment.Synthesis.Tests;

/// <summary>The Adult sample, its schema, a fitted copula and a large sample, built once for the test class.</summary>
public sealed class AdultFixture
{
    public AdultFixture()
    {
        Real = Stats.LoadCsv(Stats.AdultPath);
        Schema = SchemaInference.Infer(Real, new SchemaInferenceOptions { CategoricalColumns = ["income"] });
        Model = GaussianCopulaGenerator.Fit(Real, Schema);
        Synthetic = Model.Sample(20_000, seed: 11);
    }

    public DataTable Real { get; }

    public DatasetSchema Schema { get; }

    public GaussianCopulaGenerator Model { get; }

    public DataTable Synthetic { get; }
}
