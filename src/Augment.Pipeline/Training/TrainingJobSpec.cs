using System.Text.Json;
using System.Text.Json.Serialization;

namespace Augment.Pipeline.Training;

/// <summary>
/// What the trainer is asked to do, stored as JSON at <c>work/{runId}/train-job.json</c> and passed to the trainer
/// by reference (argument or <see cref="TrainingEvents.JobSpecVariable"/>).
/// </summary>
/// <param name="RunId">The run (durable instance id); inputs are read from <c>work/{runId}/</c>.</param>
/// <param name="Model">Generator name (e.g. <c>gaussian-copula</c>).</param>
/// <param name="Seed">Training seed.</param>
/// <param name="Target">Target column (conditional generators), if any.</param>
/// <param name="Epochs">Epochs for the neural generators (null: their default).</param>
/// <param name="BatchSize">Batch size for the neural generators (null: their default).</param>
/// <param name="TimeBudgetSeconds">Training time budget (also used by <c>auto</c>).</param>
public sealed record TrainingJobSpec(string RunId, string Model, int Seed, string? Target = null, int? Epochs = null, int? BatchSize = null, int? TimeBudgetSeconds = null)
{
    /// <summary>
    /// The W3C <c>traceparent</c> the trainer's <c>augment.train</c> span continues (the run's trace, see
    /// <see cref="RunTelemetry"/>); null in specs from before telemetry.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>
    /// An image run's options (<c>augment.json</c>'s <c>images</c>): the trainer fits the class-conditional image generator
    /// they name on <c>work/{runId}/images/train.zip</c> through the TrainImages code, instead of a table generator; null
    /// for a table run (and in every spec from before image jobs).
    /// </summary>
    public Images.ImageSpec? Images { get; init; }

    /// <summary>Blob name of the spec inside the work container.</summary>
    public static string BlobName(string runId) => $"{runId}/train-job.json";

    /// <summary>Serialises the spec.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, TrainingJsonContext.Default.TrainingJobSpec);

    /// <summary>Parses a spec; throws <see cref="InvalidDataException"/> with a one-line reason.</summary>
    public static TrainingJobSpec Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var spec = JsonSerializer.Deserialize(json, TrainingJsonContext.Default.TrainingJobSpec);
            return spec is { RunId.Length: > 0, Model.Length: > 0 } ? spec : throw new InvalidDataException("training job spec needs runId and model");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"training job spec is not valid JSON: {ex.Message}", ex);
        }
    }
}

/// <summary>What the trainer reports in <c>TrainingCompleted</c> and writes to <c>models/{runId}/metrics.json</c>.</summary>
/// <param name="ModelKind">The fitted generator's kind.</param>
/// <param name="ModelBlob">Where the model is, <c>container/name</c>.</param>
/// <param name="TrainRows">Training rows (an image job: training images).</param>
/// <param name="Seconds">Fit time in seconds.</param>
/// <param name="Device">Device used (<c>cpu</c>, or the GPU's name).</param>
public sealed record TrainingMetrics(string ModelKind, string ModelBlob, int TrainRows, double Seconds, string Device)
{
    /// <summary>The image generator's own loss at the end (<see cref="Images.ImageTrainResult.FinalLoss"/>); null for table models.</summary>
    public double? FinalLoss { get; init; }

    /// <summary>The image generator's loss every 100 steps (<see cref="Images.ImageTrainResult.LossCurve"/>), so a run
    /// trained as a job draws the same curve as one trained in process; null for table models.</summary>
    public IReadOnlyList<Augment.Images.CurvePoint>? LossCurve { get; init; }
}

/// <summary>The trainer's heartbeat, overwritten at <c>models/{runId}/progress.json</c> while it works.</summary>
/// <param name="Stage">training (reading the rows and fitting), saving, done or failed; trainers before 2026-12 also wrote reading.</param>
/// <param name="At">When it was written.</param>
/// <param name="Message">Failure reason or detail.</param>
public sealed record TrainingProgress(string Stage, DateTimeOffset At, string? Message = null);

/// <summary>Source-generated JSON for the training records.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TrainingJobSpec))]
[JsonSerializable(typeof(TrainingMetrics))]
[JsonSerializable(typeof(TrainingProgress))]
[JsonSerializable(typeof(string))]
public sealed partial class TrainingJsonContext : JsonSerializerContext;

/// <summary>Names shared by the orchestration, the runners and the trainer.</summary>
public static class TrainingEvents
{
    /// <summary>External event raised by the trainer on success; payload <see cref="TrainingMetrics"/>.</summary>
    public const string Completed = "TrainingCompleted";

    /// <summary>External event raised by the trainer on failure; payload the one-line reason.</summary>
    public const string Failed = "TrainingFailed";

    /// <summary>Environment variable holding the job spec reference (<c>container/blob</c>) when no argument is given.</summary>
    public const string JobSpecVariable = "AUGMENT_JOB_SPEC";

    /// <summary>
    /// Environment variable holding the run's status URL with <c>{runId}</c> where the instance id goes and the key as
    /// <c>code=</c>; the trainer polls it and raises its events on <c>{url path}/raiseEvent/{name}</c>. Set by the local
    /// host (the Durable Functions webhook route) and, in Azure, by the job secret <c>run-status-url</c> (the app's
    /// <c>/api/augmentations/{runId}</c> route with the <c>trainer</c> host key; infra/modules/containerapps.bicep).
    /// </summary>
    public const string RunStatusUrlVariable = "AUGMENT_RUN_STATUS_URL";

    /// <summary>Container of trained models and their metrics.</summary>
    public const string ModelsContainer = "models";
}
