namespace Augment.Images.Tests;

/// <summary>Training either generator by kind: the progress callback reaches the generator (what TrainImages writes to
/// progress.json, and a trainer job's poll shows).</summary>
public class ImageGeneratorsTests
{
    [Theory]
    [InlineData(ImageGeneratorKind.Vae)]
    [InlineData(ImageGeneratorKind.Gan)]
    public void Train_WithProgress_ReportsEveryHundredStepsWithTheFinalLossLast(ImageGeneratorKind kind)
    {
        var train = ModelTests.TwoClasses(20, seed: 1);
        var reports = new List<(int Step, int Steps, double Loss)>();

        var generator = ImageGenerators.Train(kind, train, seed: 3, steps: 200, (step, steps, loss) => reports.Add((step, steps, loss)));

        Assert.Equal([(100, 200), (200, 200)], reports.Select(r => (r.Step, r.Steps)));
        Assert.All(reports, r => Assert.True(double.IsFinite(r.Loss), $"loss {r.Loss}"));
        Assert.Equal(generator.FinalLoss, reports[^1].Loss);
    }
}
