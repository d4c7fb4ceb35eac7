namespace Augment.Evaluation.Learning;

/// <summary>Limited-memory BFGS (Nocedal &amp; Wright, algorithm 7.5) with a backtracking Armijo line search.</summary>
internal static class Lbfgs
{
    /// <summary>Minimises f; <paramref name="valueAndGradient"/> returns f(x) and writes ∇f(x) into its second argument.</summary>
    /// <param name="valueAndGradient">The objective.</param>
    /// <param name="x">The start point, overwritten with the minimiser.</param>
    /// <param name="maxIterations">Iteration cap.</param>
    /// <param name="tolerance">Stop when ‖∇f‖∞ falls below this.</param>
    /// <param name="memory">Pairs (s, y) kept.</param>
    public static void Minimize(Func<double[], double[], double> valueAndGradient, double[] x, int maxIterations = 200, double tolerance = 1e-6, int memory = 10)
    {
        var n = x.Length;
        var g = new double[n];
        var f = valueAndGradient(x, g);
        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        var direction = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var alpha = new double[memory];
        for (var iter = 0; iter < maxIterations; iter++)
        {
            if (MaxAbs(g) < tolerance)
            {
                return;
            }

            // Two-loop recursion: direction = −H·g.
            Array.Copy(g, direction, n);
            for (var i = s.Count - 1; i >= 0; i--)
            {
                alpha[i] = rho[i] * Dot(s[i], direction);
                Axpy(-alpha[i], y[i], direction);
            }

            var gamma = s.Count == 0 ? 1.0 / Math.Max(1, Norm(g)) : Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]);
            for (var i = 0; i < n; i++)
            {
                direction[i] *= gamma;
            }

            for (var i = 0; i < s.Count; i++)
            {
                var beta = rho[i] * Dot(y[i], direction);
                Axpy(alpha[i] - beta, s[i], direction);
            }

            for (var i = 0; i < n; i++)
            {
                direction[i] = -direction[i];
            }

            var slope = Dot(g, direction);
            if (slope >= 0)
            {
                // Not a descent direction: restart from steepest descent.
                s.Clear();
                y.Clear();
                rho.Clear();
                continue;
            }

            var step = 1.0;
            double fNew;
            while (true)
            {
                for (var i = 0; i < n; i++)
                {
                    xNew[i] = x[i] + (step * direction[i]);
                }

                fNew = valueAndGradient(xNew, gNew);
                if (fNew <= f + (1e-4 * step * slope) || step < 1e-10)
                {
                    break;
                }

                step *= 0.5;
            }

            var sk = new double[n];
            var yk = new double[n];
            for (var i = 0; i < n; i++)
            {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }

            var sy = Dot(sk, yk);
            var converged = Math.Abs(f - fNew) <= 1e-12 * Math.Max(1, Math.Abs(f));
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            f = fNew;
            if (converged)
            {
                return;
            }

            if (sy > 1e-12)
            {
                if (s.Count == memory)
                {
                    s.RemoveAt(0);
                    y.RemoveAt(0);
                    rho.RemoveAt(0);
                }

                s.Add(sk);
                y.Add(yk);
                rho.Add(1 / sy);
            }
        }
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static double Norm(double[] v) => Math.Sqrt(Dot(v, v));

    private static double MaxAbs(double[] v)
    {
        double m = 0;
        foreach (var e in v)
        {
            m = Math.Max(m, Math.Abs(e));
        }

        return m;
    }
}
