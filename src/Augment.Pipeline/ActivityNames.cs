namespace Augment.Pipeline;

/// <summary>The registered names of the pipeline's activities.</summary>
public static class ActivityNames
{
    public const string Profile = "Profile";
    public const string Train = "Train";
    public const string StartTrainingJob = "StartTrainingJob";
    public const string GetTrainingJobStatus = "GetTrainingJobStatus";
    public const string StopTrainingJob = "StopTrainingJob";
    public const string SampleShard = "SampleShard";
    public const string FilterAndAudit = "FilterAndAudit";
    public const string Evaluate = "Evaluate";
    public const string Merge = "Merge";
}
