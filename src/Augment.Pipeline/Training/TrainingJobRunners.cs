using Augment.Pipeline.Training.Acr;
using Augment.Pipeline.Training.Arm;
using Azure.Core;
using Azure.Identity;

namespace Augment.Pipeline.Training;

/// <summary>Chooses the training job runner from <see cref="AppSettings.TrainingRunner"/> (default <c>Local</c>).</summary>
public static class TrainingJobRunners
{
    /// <summary>
    /// Builds the configured runner. <paramref name="setting"/> reads app settings by name; <paramref name="local"/>
    /// configures the local runner; <paramref name="credential"/> defaults to <see cref="DefaultAzureCredential"/>
    /// (managed identity in Azure). Throws <see cref="ArgumentException"/> naming a missing or invalid setting.
    /// </summary>
    public static ITrainingJobRunner Create(Func<string, string?> setting, LocalProcessRunnerOptions local, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var kind = setting(AppSettings.TrainingRunner) is { Length: > 0 } value ? value : LocalProcessRunner.Kind;
        switch (kind)
        {
            case LocalProcessRunner.Kind:
                return new LocalProcessRunner(local);
            case ContainerAppsJobRunner.Kind:
                string Require(string name) => setting(name) is { Length: > 0 } v ? v : throw new ArgumentException($"{name} is required when {AppSettings.TrainingRunner} is {ContainerAppsJobRunner.Kind}.");
                var options = new ContainerAppsJobOptions
                {
                    SubscriptionId = Require(AppSettings.TrainingSubscriptionId),
                    ResourceGroup = Require(AppSettings.TrainingResourceGroup),
                    JobName = Require(AppSettings.TrainingJobName),
                };
                ImageReference image;
                try
                {
                    image = ImageReference.Parse(Require(AppSettings.TrainerImage));
                }
                catch (FormatException ex)
                {
                    throw new ArgumentException($"{AppSettings.TrainerImage}: {ex.Message}", ex);
                }

                credential ??= new DefaultAzureCredential();
                // The storage connection and the run-status URL come from the job's secrets (ContainerAppsJobRunnerOptions.SecretEnvironment).
                return new ContainerAppsJobRunner(new ContainerAppsJobClient(options, credential), new AcrDigestResolver(credential),
                    new ContainerAppsJobRunnerOptions { Image = image });
            default:
                throw new ArgumentException($"{AppSettings.TrainingRunner} '{kind}' is not {LocalProcessRunner.Kind} or {ContainerAppsJobRunner.Kind}.");
        }
    }
}
