namespace Augment.Synthesis.Transforms;

/// <summary>
/// A one-dimensional Gaussian mixture fitted by expectation–maximisation from a seeded start (k-means++-style
/// picks of training values), with a variance floor and modes lighter than a threshold pruned at the end.
/// </summary>
/// <param name="Weights">The mode weights; they sum to 1.</param>
/// <param name="Means">The mode means.</param>
/// <param name="StandardDeviations">The mode standard deviations (all positive).</param>
public sealed record GaussianMixture1D(double[] Weights, double[] Means, double[] StandardDeviations)
{
    /// <summary>Gets the number of modes.</summary>
    public int Modes => Weights.Length;

    /// <summary>Fits a mixture of at most <paramref name="maxModes"/> modes to finite values.</summary>
    /// <param name="values">The values (at least one; all finite).</param>
    /// <param name="maxModes">The most modes, 1 or more.</param>
    /// <param name="pruneBelow">Modes whose weight ends below this are dropped (the rest renormalised).</param>
    /// <param name="seed">The seed of the initial means.</param>
    /// <param name="iterations">The most EM iterations.</param>
    /// <exception cref="ArgumentException">There are no values or one is not finite.</exception>
    public static GaussianMixture1D Fit(ReadOnlySpan<double> values, int maxModes, double pruneBelow, int seed, int iterations = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxModes, 1);
        if (values.IsEmpty)
        {
            throw new ArgumentException("A mixture needs at least one value.", nameof(values));
        }

        double min = double.PositiveInfinity, max = double.NegativeInfinity, mean = 0;
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("Mixture values must be finite.", nameof(values));
            }

            min = Math.Min(min, v);
            max = Math.Max(max, v);
            mean += v;
        }

        mean /= values.Length;
        var range = max - min;
        var floor = Math.Max(range * 1e-3, Math.Abs(mean) * 1e-9 + 1e-9);
        if (range == 0)
        {
            return new GaussianMixture1D([1.0], [min], [floor]);
        }

        var k = Math.Min(maxModes, values.Length);
        var means = InitialMeans(values, k, new RandomSource(seed));
        var sds = Enumerable.Repeat(range / (2.0 * k), k).ToArray();
        var weights = Enumerable.Repeat(1.0 / k, k).ToArray();
        var resp = new double[k];
        var sumW = new double[k];
        var sumX = new double[k];
        var sumXx = new double[k];
        var previous = double.NegativeInfinity;
        for (var it = 0; it < iterations; it++)
        {
            Array.Clear(sumW);
            Array.Clear(sumX);
            Array.Clear(sumXx);
            double logLikelihood = 0;
            foreach (var x in values)
            {
                logLikelihood += Responsibilities(x, weights, means, sds, resp);
                for (var j = 0; j < k; j++)
                {
                    sumW[j] += resp[j];
                    sumX[j] += resp[j] * x;
                    sumXx[j] += resp[j] * x * x;
                }
            }

            for (var j = 0; j < k; j++)
            {
                weights[j] = sumW[j] / values.Length;
                if (sumW[j] > 1e-12)
                {
                    means[j] = sumX[j] / sumW[j];
                    var variance = (sumXx[j] / sumW[j]) - (means[j] * means[j]);
                    sds[j] = Math.Max(Math.Sqrt(Math.Max(variance, 0)), floor);
                }
            }

            if (logLikelihood - previous < 1e-7 * values.Length)
            {
                break;
            }

            previous = logLikelihood;
        }

        var keep = Enumerable.Range(0, k).Where(j => weights[j] >= pruneBelow).OrderBy(j => means[j]).ToArray();
        if (keep.Length == 0)
        {
            keep = [Array.IndexOf(weights, weights.Max())];
        }

        var total = keep.Sum(j => weights[j]);
        return new GaussianMixture1D(
            [.. keep.Select(j => weights[j] / total)],
            [.. keep.Select(j => means[j])],
            [.. keep.Select(j => sds[j])]);
    }

    /// <summary>Writes the posterior probability of each mode for <paramref name="x"/>; returns log p(x).</summary>
    public double Posterior(double x, Span<double> posterior) => Responsibilities(x, Weights, Means, StandardDeviations, posterior);

    private static double Responsibilities(double x, double[] weights, double[] means, double[] sds, Span<double> resp)
    {
        var best = double.NegativeInfinity;
        for (var j = 0; j < weights.Length; j++)
        {
            var z = (x - means[j]) / sds[j];
            resp[j] = weights[j] > 0 ? Math.Log(weights[j]) - Math.Log(sds[j]) - (0.5 * z * z) : double.NegativeInfinity;
            best = Math.Max(best, resp[j]);
        }

        double sum = 0;
        for (var j = 0; j < weights.Length; j++)
        {
            resp[j] = Math.Exp(resp[j] - best);
            sum += resp[j];
        }

        for (var j = 0; j < weights.Length; j++)
        {
            resp[j] /= sum;
        }

        return best + Math.Log(sum) - (0.5 * Math.Log(2 * Math.PI));
    }

    /// <summary>k-means++ seeding: the first mean a random value, each next one a value drawn with probability ∝ squared
    /// distance to the nearest chosen mean (over a seeded subsample of at most 2,000 values).</summary>
    private static double[] InitialMeans(ReadOnlySpan<double> values, int k, RandomSource random)
    {
        var m = Math.Min(values.Length, 2000);
        var pool = new double[m];
        for (var i = 0; i < m; i++)
        {
            pool[i] = values.Length == m ? values[i] : values[(int)(random.NextUInt64() % (ulong)values.Length)];
        }

        var means = new double[k];
        var distance = new double[m];
        means[0] = pool[(int)(random.NextUInt64() % (ulong)m)];
        for (var j = 1; j < k; j++)
        {
            double total = 0;
            for (var i = 0; i < m; i++)
            {
                var d = double.PositiveInfinity;
                for (var c = 0; c < j; c++)
                {
                    d = Math.Min(d, (pool[i] - means[c]) * (pool[i] - means[c]));
                }

                distance[i] = d;
                total += d;
            }

            if (total <= 0)
            {
                means[j] = means[j - 1];
                continue;
            }

            var target = random.NextOpenUnit() * total;
            var pick = 0;
            for (double acc = 0; pick < m - 1; pick++)
            {
                acc += distance[pick];
                if (acc >= target)
                {
                    break;
                }
            }

            means[j] = pool[pick];
        }

        return means;
    }
}
