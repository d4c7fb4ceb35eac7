namespace Augment.Synthesis.Mixture;

/// <summary>Counts EM iterations across classes, reports progress with an ETA, and watches the time budget.</summary>
internal sealed class ProgressTracker(TrainingOptions options, int totalSteps, long started)
{
    private int _step;
    private int _done;
    private double _loss = double.NaN;
    private bool _overBudget;
    private bool _allConverged = true;
    private bool _classConverged;

    public bool OverBudget => _overBudget;

    private TimeSpan Elapsed => options.Time.GetElapsedTime(started);

    public void Report(double loss, string stage)
    {
        _step++;
        _done++;
        _loss = loss;
        var elapsed = Elapsed;
        _overBudget = options.TimeBudget is { } budget && elapsed >= budget;
        var eta = TimeSpan.FromTicks((long)(elapsed.Ticks / (double)_done * Math.Max(totalSteps - _step, 0)));
        options.Progress?.Report(new TrainingProgress(_step, totalSteps, "iteration", loss, elapsed, eta, stage));
    }

    public void Converged() => _classConverged = true;

    /// <summary>Ends a class: the step counter jumps to the class's share of the total (EM may converge early).</summary>
    public void SkipTo(int step)
    {
        _allConverged &= _classConverged;
        _classConverged = false;
        _step = Math.Max(_step, step);
    }

    public TrainingMetrics Metrics() =>
        new(_done, _loss, Elapsed.TotalSeconds, _overBudget ? "time-budget" : _allConverged ? "converged" : "max-steps");
}
