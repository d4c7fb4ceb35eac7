using Augment.Evaluation.Internal;
using FsCheck.Fluent;

namespace Augment.Evaluation.Tests.Privacy;

public class NearestNeighboursTests
{
    [Fact]
    public void Search_MatchesScalarReference_L1AndSquared()
    {
        var seeds = Gen.Choose(0, 100_000).ToArbitrary();
        SampleData.Check(seeds, seed =>
        {
            var rng = new Random(seed);
            var queries = RandomSet(rng, rng.Next(1, 70), 3, 2);
            var references = RandomSet(rng, rng.Next(1, 90), 3, 2);
            var k = rng.Next(1, 4);
            foreach (var squared in new[] { false, true })
            {
                var (d, idx) = NearestNeighbours.Search(queries, references, k, squared, 2f);
                for (var q = 0; q < queries.Count; q++)
                {
                    var expected = Enumerable.Range(0, references.Count)
                        .Select(r => (Dist: Scalar(queries, q, references, r, squared, 2f), Row: r))
                        .OrderBy(p => p.Dist).ThenBy(p => p.Row).Take(k).ToArray();
                    for (var j = 0; j < k; j++)
                    {
                        var want = j < expected.Length ? expected[j].Dist : float.PositiveInfinity;
                        if (Math.Abs(d[(q * k) + j] - want) > 1e-4 * Math.Max(1, want))
                        {
                            return false;
                        }

                        if (j < expected.Length && Math.Abs(Scalar(queries, q, references, idx[(q * k) + j], squared, 2f) - want) > 1e-4 * Math.Max(1, want))
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }, maxTest: 40);
    }

    [Fact]
    public void Search_HandComputed_L1WithCategoryMismatchOfTwo()
    {
        var references = new PointSet(2, 1, 1);
        references.Numeric[0] = 0f;
        references.Numeric[1] = 1f;
        references.Codes[0] = 0f;
        references.Codes[1] = 1f;
        var query = new PointSet(1, 1, 1);
        query.Numeric[0] = 0.25f;
        query.Codes[0] = 1f;

        // To row 0: |0.25 − 0| + 2 (codes differ) = 2.25; to row 1: |0.25 − 1| = 0.75.
        var (d, idx) = NearestNeighbours.Search(query, references, 2, squared: false, 2f);
        Assert.Equal([0.75f, 2.25f], d);
        Assert.Equal([1, 0], idx);
    }

    private static PointSet RandomSet(Random rng, int count, int numeric, int codes)
    {
        var set = new PointSet(count, numeric, codes);
        for (var i = 0; i < count; i++)
        {
            for (var d = 0; d < numeric; d++)
            {
                set.Numeric[(d * set.Stride) + i] = (float)Math.Round(rng.NextDouble(), 2);
            }

            for (var d = 0; d < codes; d++)
            {
                set.Codes[(d * set.Stride) + i] = rng.Next(-1, 3);
            }
        }

        return set;
    }

    private static float Scalar(PointSet a, int i, PointSet b, int j, bool squared, float mismatch)
    {
        float sum = 0;
        for (var d = 0; d < a.NumericDims; d++)
        {
            var diff = a.Numeric[(d * a.Stride) + i] - b.Numeric[(d * b.Stride) + j];
            sum += squared ? diff * diff : Math.Abs(diff);
        }

        for (var d = 0; d < a.CodeDims; d++)
        {
            sum += a.Codes[(d * a.Stride) + i] == b.Codes[(d * b.Stride) + j] ? 0 : mismatch;
        }

        return sum;
    }
}
