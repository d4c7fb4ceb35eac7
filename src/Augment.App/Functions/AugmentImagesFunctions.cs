using Augment.Pipeline;
using Augment.Pipeline.Images;
using Microsoft.Azure.Functions.Worker;

namespace Augment.App.Functions;

/// <summary>
/// The image activities (an upload of <c>datasets/{dataset}/images.zip</c> takes the image branch of the AugmentDataset
/// orchestration, <see cref="ImageOrchestration"/>): thin <c>[ActivityTrigger]</c> bindings over <see cref="ImageActivities"/>.
/// </summary>
public sealed class AugmentImagesFunctions(ImageActivities activities)
{
    /// <summary>Read the archive and spec, split, plan.</summary>
    [Function(ImageActivityNames.Profile)]
    public Task<ImageProfile> Profile([ActivityTrigger] ImageProfileInput input, CancellationToken cancellationToken) => activities.ProfileAsync(input, cancellationToken);

    /// <summary>Train the conditional VAE.</summary>
    [Function(ImageActivityNames.Train)]
    public Task<ImageTrainResult> Train([ActivityTrigger] ImageTrainInput input, CancellationToken cancellationToken) => activities.TrainAsync(input, cancellationToken);

    /// <summary>Sample one shard of images.</summary>
    [Function(ImageActivityNames.Sample)]
    public Task<ImageSampleResult> Sample([ActivityTrigger] ImageSampleRequest input, CancellationToken cancellationToken) => activities.SampleAsync(input, cancellationToken);

    /// <summary>Filter, measure and judge the images.</summary>
    [Function(ImageActivityNames.Evaluate)]
    public Task<ImageEvaluateResult> Evaluate([ActivityTrigger] ImageEvaluateInput input, CancellationToken cancellationToken) => activities.EvaluateAsync(input, cancellationToken);

    /// <summary>Publish synthetic/, augmented.zip and the report.</summary>
    [Function(ImageActivityNames.Merge)]
    public Task<AugmentResult> Merge([ActivityTrigger] ImageMergeInput input, CancellationToken cancellationToken) => activities.MergeAsync(input, cancellationToken);
}
