namespace Augment.Tensors.Optim;

/// <summary>A learning rate as a function of the step (0-based).</summary>
public abstract class LearningRateSchedule
{
    /// <summary>Gets the learning rate at <paramref name="step"/>.</summary>
    /// <param name="step">The step, 0 or more.</param>
    public abstract float At(int step);

    /// <summary>A constant rate.</summary>
    /// <param name="rate">The rate.</param>
    public static LearningRateSchedule Constant(float rate) => new StepSchedule(rate, int.MaxValue, 1f);

    /// <summary>The rate times <paramref name="gamma"/> every <paramref name="stepSize"/> steps.</summary>
    /// <param name="rate">The initial rate.</param>
    /// <param name="stepSize">Steps between decays (≥ 1).</param>
    /// <param name="gamma">The decay factor.</param>
    public static LearningRateSchedule Step(float rate, int stepSize, float gamma) => new StepSchedule(rate, stepSize, gamma);

    /// <summary>Linear warm-up over <paramref name="warmup"/> steps, then cosine decay to <paramref name="minRate"/> at <paramref name="total"/>.</summary>
    /// <param name="rate">The peak rate.</param>
    /// <param name="total">The total steps (≥ 1).</param>
    /// <param name="warmup">The warm-up steps (0 or more).</param>
    /// <param name="minRate">The final rate.</param>
    public static LearningRateSchedule Cosine(float rate, int total, int warmup = 0, float minRate = 0f) => new CosineSchedule(rate, total, warmup, minRate);

    private sealed class StepSchedule : LearningRateSchedule
    {
        private readonly float rate;
        private readonly int stepSize;
        private readonly float gamma;

        public StepSchedule(float rate, int stepSize, float gamma)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
            (this.rate, this.stepSize, this.gamma) = (rate, stepSize, gamma);
        }

        public override float At(int step) => rate * MathF.Pow(gamma, step / stepSize);
    }

    private sealed class CosineSchedule : LearningRateSchedule
    {
        private readonly float rate;
        private readonly int total;
        private readonly int warmup;
        private readonly float minRate;

        public CosineSchedule(float rate, int total, int warmup, float minRate)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(total, 1);
            ArgumentOutOfRangeException.ThrowIfNegative(warmup);
            (this.rate, this.total, this.warmup, this.minRate) = (rate, total, warmup, minRate);
        }

        public override float At(int step)
        {
            if (step < warmup)
            {
                return rate * (step + 1) / warmup;
            }

            var progress = Math.Clamp((double)(step - warmup) / Math.Max(1, total - warmup), 0, 1);
            return (float)(minRate + (0.5 * (rate - minRate) * (1 + Math.Cos(Math.PI * progress))));
        }
    }
}
