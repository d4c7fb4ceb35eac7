namespace Augment.App.Tests.Support;

/// <summary>The spec of image runs through the host (the images: <see cref="TwoClassImages"/> with its <c>site</c> labels.csv).</summary>
internal static class SampleImages
{
    /// <summary>An augment.json with tiny step counts (a run takes seconds).</summary>
    public const string Spec = """{"seed": 4, "images": {"size": 8, "add": 12, "generatorSteps": 120, "classifierSteps": 30, "utilitySeeds": 2}}""";
}
