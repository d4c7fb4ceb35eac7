using MathNet.Numerics;

namespace Augment.Synthesis;

/// <summary>The standard normal CDF and its inverse (MathNet.Numerics' erfc and erfc⁻¹, accurate to ~1e-15).</summary>
internal static class StandardNormal
{
    /// <summary>Keeps probabilities away from 0 and 1 so scores stay finite (|z| ≤ about 7).</summary>
    public const double Epsilon = 1e-12;

    public static double Cdf(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2.0));

    public static double InverseCdf(double p)
    {
        p = Math.Clamp(p, Epsilon, 1 - Epsilon);
        return -Math.Sqrt(2.0) * SpecialFunctions.ErfcInv(2.0 * p);
    }
}
