using System.Runtime.CompilerServices;

namespace Augment.Pipeline.Images;

/// <summary>The progress blobs of the long image activities: TrainImages' <c>work/{runId}/progress.json</c> (the table
/// trainers' <see cref="TrainingStatus"/>) and EvaluateImages' <c>work/{runId}/images/evaluate-progress.json</c>
/// (<see cref="ImageEvaluateProgress"/>). The work reports on its own thread; the activity writes the latest report about
/// once a second (<c>progressInterval</c>) and once at the end.</summary>
public sealed partial class ImageActivities
{
    /// <summary>Writes <c>work/{runId}/progress.json</c> in the table trainers' shape (<see cref="TrainingStatus"/>, unit
    /// <c>step</c>), so the job poll and the custom status read an image run's training like a table run's.</summary>
    private Task WriteProgressAsync(string runId, string generator, string stage, (int Step, int Steps, double Loss) at, TimeSpan elapsed, bool done, CancellationToken cancellationToken)
    {
        var eta = done ? 0 : at.Step > 0 ? elapsed.TotalSeconds / at.Step * (at.Steps - at.Step) : (double?)null;
        return BlobTables.WriteJsonAsync(blobs, WorkArea.WorkContainer, WorkArea.Progress(runId),
            new TrainingStatus(generator, at.Step, at.Steps, "step", at.Loss, elapsed.TotalSeconds, eta, stage, done),
            Activities.ProgressJsonContext.Default.TrainingStatus, cancellationToken);
    }

    private Task WriteEvaluateProgressAsync(string runId, ImageEvaluateProgress progress, CancellationToken cancellationToken) =>
        BlobTables.WriteJsonAsync(blobs, WorkArea.WorkContainer, EvaluateProgress(runId), progress, ImageJsonContext.Default.ImageEvaluateProgress, cancellationToken);

    /// <summary>The evaluation's latest classifier (it reports on the training thread).</summary>
    private sealed class LatestClassifier
    {
        private ImageEvaluateProgress? value;

        public ImageEvaluateProgress? Value => Volatile.Read(ref value);

        public void Report(int classifier, int classifiers, string training) => Volatile.Write(ref value, new ImageEvaluateProgress(classifier, classifiers, training, 0, false));
    }

    /// <summary>The generator's latest (step, steps, loss) report; it reports on the training thread.</summary>
    private sealed class LatestStep
    {
        private StrongBox<(int, int, double)>? value;

        public (int Step, int Steps, double Loss)? Value => Volatile.Read(ref value)?.Value;

        public void Report(int step, int steps, double loss) => Volatile.Write(ref value, new StrongBox<(int, int, double)>((step, steps, loss)));
    }
}
