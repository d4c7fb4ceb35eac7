using Augment.Tensors.Gemm;

namespace Augment.Tensors.Tests.Gemm;

public class BlasTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 7, 5, 3 }, { 6, 32, 17 }, { 13, 33, 257 }, { 121, 65, 300 }, { 250, 97, 513 }, { 64, 2100, 40 }, { 241, 31, 9 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gemm_OddShapesAllTransposes_MatchesScalarReference(int m, int n, int k)
    {
        foreach (var transA in new[] { false, true })
        {
            foreach (var transB in new[] { false, true })
            {
                // Strides wider than the matrices check that the padding is never read or written.
                var lda = (transA ? m : k) + 3;
                var ldb = (transB ? k : n) + 1;
                var ldc = n + 2;
                var a = TestData.Uniform(((transA ? k : m) * lda) + 5, 1);
                var b = TestData.Uniform(((transB ? n : k) * ldb) + 5, 2);
                var c = TestData.Uniform(m * ldc, 3);
                var expected = (float[])c.Clone();
                Blas.Gemm(transA, transB, m, n, k, 0.75f, a, lda, b, ldb, -0.5f, c, ldc);
                GemmReference.Gemm(transA, transB, m, n, k, 0.75f, a, lda, b, ldb, -0.5f, expected, ldc);
                for (var i = 0; i < c.Length; i++)
                {
                    Assert.True(
                        Math.Abs(c[i] - expected[i]) <= 1e-4f * Math.Sqrt(k) + 1e-5f,
                        $"transA={transA} transB={transB} m={m} n={n} k={k}: C[{i}] = {c[i]}, reference {expected[i]}");
                }
            }
        }
    }

    [Fact]
    public void Gemm_BetaZero_IgnoresNaNInC()
    {
        var a = TestData.Uniform(40 * 50, 4);
        var b = TestData.Uniform(50 * 60, 5);
        var c = Enumerable.Repeat(float.NaN, 40 * 60).ToArray();
        Blas.Gemm(false, false, 40, 60, 50, 1f, a, 50, b, 60, 0f, c, 60);
        Assert.All(c, v => Assert.False(float.IsNaN(v)));
    }

    [Theory]
    [InlineData(300, 350, 400, 4)] // the team shares B behind barriers
    [InlineData(256, 128, 500, 2)] // small: each member packs B itself and keeps its own row blocks (two KC slices)
    [InlineData(50, 1570, 256, 2)] // short and wide: row blocks split into column pieces
    public void Gemm_SingleThreadAndManyThreads_GiveIdenticalBits(int m, int n, int k, int threads)
    {
        var a = TestData.Uniform(m * k, 6);
        var b = TestData.Uniform(k * n, 7);
        var c1 = new float[m * n];
        var c2 = new float[m * n];
        var saved = Blas.MaxThreads;
        try
        {
            Blas.MaxThreads = 1;
            Blas.Gemm(true, false, m, n, k, 1f, a, m, b, n, 0f, c1, n);
            Blas.MaxThreads = threads;
            Blas.Gemm(true, false, m, n, k, 1f, a, m, b, n, 0f, c2, n);
        }
        finally
        {
            Blas.MaxThreads = saved;
        }

        Assert.Equal(c1, c2);
    }

    [Fact]
    public void Gemm_CalledFromSeveralThreadsAtOnce_EachGetsItsOwnExactResult()
    {
        // One product holds the persistent workers at a time; the others must run on their own thread, correctly.
        const int m = 180, n = 150, k = 300;
        var a = TestData.Uniform(m * k, 21);
        var b = TestData.Uniform(n * k, 22);
        var expected = new float[m * n];
        var saved = Blas.MaxThreads;
        try
        {
            Blas.MaxThreads = 1;
            Blas.Gemm(false, true, m, n, k, 1f, a, k, b, k, 0f, expected, n);
            Blas.MaxThreads = 2;
            var results = new float[4][];
            var callers = Enumerable.Range(0, 4).Select(t => new Thread(() =>
            {
                var c = new float[m * n];
                for (var r = 0; r < 25; r++)
                {
                    Blas.Gemm(false, true, m, n, k, 1f, a, k, b, k, 0f, c, n);
                }

                results[t] = c;
            })).ToList();
            callers.ForEach(t => t.Start());
            callers.ForEach(t => t.Join());
            Assert.All(results, c => Assert.Equal(expected, c));
        }
        finally
        {
            Blas.MaxThreads = saved;
        }
    }

    [Fact]
    public void Gemm_ShortBuffer_ThrowsClearError()
    {
        var ex = Assert.Throws<ArgumentException>(() => Blas.Gemm(false, false, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));
        Assert.Contains("A needs 16 values", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gemm_TensorShapesDisagree_Throws()
    {
        Assert.Throws<ArgumentException>(() => Blas.Gemm(new Tensor(2, 3), false, new Tensor(4, 5), false, new Tensor(2, 5)));
    }
}
