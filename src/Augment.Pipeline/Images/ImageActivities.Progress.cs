using System.Runtime.CompilerServices;

namespace Augment.Pipeline.Images;

/// <summary>The progress blobs of the long image activities: TrainImages' <c>work/{runId}/progress.json</c> (the table
/// trainers' <see cref="TrainingStatus"/>) and EvaluateImages' <c>work/{runId}/images/evaluate-progress.json</c>
/// (<see cref="ImageEvaluateProgress"/>). The work reports on its own thread; the activity writes the latest report about
/// once a second (<see cref="ProgressInterval"/>, on the injected clock) and once at the end.</summary>
public sealed partial class ImageActivities
{
    /// <summary>How often a long image activity rewrites its progress blob while the work runs.</summary>
    internal static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>Awaits <paramref name="work"/>, calling <paramref name="report"/> with the time elapsed so far every
    /// <see cref="ProgressInterval"/> of the injected clock until it ends; returns its result and the time it took.</summary>
    private async Task<(T Result, TimeSpan Elapsed)> ReportWhileRunningAsync<T>(Task<T> work, Func<TimeSpan, Task> report, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        while (await Task.WhenAny(work, Task.Delay(ProgressInterval, clock, cancellationToken)) != work)
        {
            await report(clock.GetElapsedTime(started));
        }

        return (await work, clock.GetElapsedTime(started));
    }

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
