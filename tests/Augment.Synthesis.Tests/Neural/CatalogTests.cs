using Augment.Synthesis.Neural;

namespace Augment.Synthesis.Tests.Neural;

[Collection(NeuralCollection.Name)]
public class CatalogTests(NeuralFixture fixture)
{
    [Theory]
    [InlineData(TvaeGenerator.Kind)]
    [InlineData(CtganGenerator.Kind)]
    public void Load_SafetensorsModelFile_PicksTheGeneratorByManifestFormat(string kind)
    {
        Assert.Contains(kind, GeneratorCatalog.Default.Names);
        ITabularGenerator model = kind == TvaeGenerator.Kind ? fixture.Tvae : fixture.Ctgan;
        var ms = new MemoryStream();
        model.Save(ms);
        ms.Position = 0;
        var loaded = GeneratorCatalog.Default.Load(ms);
        Assert.Equal(kind, loaded.ModelKind);
        Assert.Equal(model.Sample(50, 2).Column(0), loaded.Sample(50, 2).Column(0));
    }

    [Fact]
    public void Load_SafetensorsWithoutManifest_ThrowsClearError()
    {
        var ms = new MemoryStream();
        Augment.Tensors.IO.SafeTensors.Write(ms, [("w", new Augment.Tensors.Tensor(2))]);
        ms.Position = 0;
        Assert.Contains("no model manifest", Assert.Throws<InvalidDataException>(() => GeneratorCatalog.Default.Load(ms)).Message, StringComparison.Ordinal);
    }
}
