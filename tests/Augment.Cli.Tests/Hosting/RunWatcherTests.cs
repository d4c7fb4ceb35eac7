using Augment.Cli.Hosting;

namespace Augment.Cli.Tests.Hosting;

public class RunWatcherTests
{
    [Fact]
    public void Stages_IncludeEvaluatingBetweenFilteringAndMerging()
    {
        var stages = RunWatcher.StagesToShow([]);
        Assert.Equal(["Profiling", "Training", "Sampling", "Filtering", "Evaluating", "Merging"], stages);
    }

    [Fact]
    public void StagesToShow_AfterApprovalWasReported_InsertsItAfterEvaluating()
    {
        var stages = RunWatcher.StagesToShow(["Filtering", "Evaluating", "AwaitingApproval"]);
        Assert.Equal(["Profiling", "Training", "Sampling", "Filtering", "Evaluating", "AwaitingApproval", "Merging"], stages);
    }

    [Fact]
    public void StageStates_WhileEvaluating_EarlierDoneCurrentRunningLaterPending()
    {
        var stages = RunWatcher.StagesToShow([]);
        Assert.Equal([1, 1, 1, 1, 0.5, 0], RunWatcher.StageStates(stages, "Evaluating"));
    }

    [Fact]
    public void StageStates_AwaitingApproval_MarksEvaluatingDone()
    {
        var stages = RunWatcher.StagesToShow(["AwaitingApproval"]);
        Assert.Equal([1, 1, 1, 1, 1, 0.5, 0], RunWatcher.StageStates(stages, "AwaitingApproval"));
    }

    [Fact]
    public void StageStates_DoneCompletesAll_UnknownLeavesAllPending()
    {
        var stages = RunWatcher.StagesToShow([]);
        Assert.All(RunWatcher.StageStates(stages, "Done"), v => Assert.Equal(1, v));
        Assert.All(RunWatcher.StageStates(stages, "Nope"), v => Assert.Equal(0, v));
    }
}
