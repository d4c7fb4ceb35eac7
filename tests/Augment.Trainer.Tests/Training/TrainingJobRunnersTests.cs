using Augment.Pipeline.Training;

namespace Augment.Trainer.Tests.Training;

/// <summary>Runner choice by configuration.</summary>
public sealed class TrainingJobRunnersTests
{
    private static readonly LocalProcessRunnerOptions Local = new() { FileName = "/bin/true", LogDirectory = Path.GetTempPath() };

    private static Func<string, string?> Settings(Dictionary<string, string> values) => name => values.GetValueOrDefault(name);

    [Fact]
    public void Create_NoSetting_IsTheLocalRunner()
    {
        using var runner = (LocalProcessRunner)TrainingJobRunners.Create(Settings([]), Local);

        Assert.NotNull(runner);
    }

    [Fact]
    public void Create_ContainerAppsJobWithAllSettings_IsTheContainerAppsRunner()
    {
        var runner = TrainingJobRunners.Create(Settings(new()
        {
            [AppSettings.TrainingRunner] = "ContainerAppsJob", [AppSettings.TrainingSubscriptionId] = "s", [AppSettings.TrainingResourceGroup] = "rg",
            [AppSettings.TrainingJobName] = "job", [AppSettings.TrainerImage] = "myacr.azurecr.io/augment/trainer:1",
        }), Local, new FakeCredential(DateTimeOffset.UtcNow.AddHours(1)));

        Assert.IsType<ContainerAppsJobRunner>(runner);
    }

    [Fact]
    public void Create_ContainerAppsJobWithoutJobName_NamesTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingJobRunners.Create(Settings(new()
        {
            [AppSettings.TrainingRunner] = "ContainerAppsJob", [AppSettings.TrainingSubscriptionId] = "s", [AppSettings.TrainingResourceGroup] = "rg",
        }), Local));

        Assert.Contains(AppSettings.TrainingJobName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownRunner_SaysWhichAreKnown()
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingJobRunners.Create(Settings(new() { [AppSettings.TrainingRunner] = "Kubernetes" }), Local));

        Assert.Contains("Kubernetes", error.Message, StringComparison.Ordinal);
    }
}
