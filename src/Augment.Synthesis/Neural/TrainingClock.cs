namespace Augment.Synthesis.Neural;

/// <summary>Reports epoch progress with an ETA and watches the time budget.</summary>
internal sealed class TrainingClock(TrainingOptions options, int epochs, string stage)
{
    private readonly long started = options.Time.GetTimestamp();

    public TimeSpan Elapsed => options.Time.GetElapsedTime(started);

    /// <summary>Runs <paramref name="epoch"/> (one epoch, returning its loss) until the planned epochs are done or
    /// the time budget is spent, reporting each; returns what training measured.</summary>
    public TrainingMetrics Run(Func<double> epoch)
    {
        var done = 0;
        var loss = double.NaN;
        var overBudget = false;
        while (done < epochs && !overBudget)
        {
            loss = epoch();
            done++;
            overBudget = Epoch(done, loss);
        }

        return new TrainingMetrics(done, loss, Elapsed.TotalSeconds, overBudget && done < epochs ? "time-budget" : "max-steps");
    }

    /// <summary>Reports an epoch; returns true when the time budget is spent.</summary>
    public bool Epoch(int epoch, double loss)
    {
        var elapsed = Elapsed;
        var eta = TimeSpan.FromTicks((long)(elapsed.Ticks / (double)epoch * (epochs - epoch)));
        options.Progress?.Report(new TrainingProgress(epoch, epochs, "epoch", loss, elapsed, eta, stage));
        return options.TimeBudget is { } budget && elapsed >= budget;
    }
}
