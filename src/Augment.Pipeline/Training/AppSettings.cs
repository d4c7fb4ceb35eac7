namespace Augment.Pipeline.Training;

/// <summary>
/// The one list of application settings the code reads, by the name they have in app settings and in
/// <c>local.settings.json</c> (<c>__</c> separates sections; .NET configuration reads them as <c>Augment:X</c>).
/// A test checks that every name here is set in <c>infra/</c> (Bicep) and in <c>local.settings.sample.json</c>;
/// add a setting here first, then to both files.
/// </summary>
public static class AppSettings
{
    /// <summary>Storage connection (Azurite locally; identity-based <c>__accountName</c> form in Azure).</summary>
    public const string Storage = "AzureWebJobsStorage";

    /// <summary>NCRONTAB schedule of the nightly re-augmentation timer (<c>%NightlySchedule%</c> in function.json).</summary>
    public const string NightlySchedule = "NightlySchedule";

    /// <summary>The durable task hub name (queue and container prefix).</summary>
    public const string TaskHub = "Augment__TaskHub";

    /// <summary>Number of durable control-queue partitions.</summary>
    public const string PartitionCount = "Augment__PartitionCount";

    /// <summary>Default rows per sampling shard when augment.json does not say.</summary>
    public const string ShardSize = "Augment__ShardSize";

    /// <summary>Which training job runner runs the trainer: <c>Local</c> (default) or <c>ContainerAppsJob</c>.</summary>
    public const string TrainingRunner = "Augment__Training__Runner";

    /// <summary>Subscription id of the Container Apps job (ContainerAppsJob runner only).</summary>
    public const string TrainingSubscriptionId = "Augment__Training__SubscriptionId";

    /// <summary>Resource group of the Container Apps job (ContainerAppsJob runner only).</summary>
    public const string TrainingResourceGroup = "Augment__Training__ResourceGroup";

    /// <summary>Name of the Container Apps job (ContainerAppsJob runner only).</summary>
    public const string TrainingJobName = "Augment__Training__JobName";

    /// <summary>Trainer image by tag, <c>{registry}.azurecr.io/{repository}:{tag}</c>; resolved to a digest per run.</summary>
    public const string TrainerImage = "Augment__Training__Image";

    /// <summary>Every setting above, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Storage, NightlySchedule, TaskHub, PartitionCount, ShardSize, TrainingRunner, TrainingSubscriptionId,
        TrainingResourceGroup, TrainingJobName, TrainerImage,
    ];
}
