using Augment.Tensors.Gemm;

namespace Augment.Tensors.Tests.Gemm;

public class GemmKernelsTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 7, 13, 5 }, { 97, 61, 129 }, { 500, 256, 128 }, { 500, 128, 256 }, { 256, 128, 500 }, { 37, 700, 300 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gemm_EverySupportedKernelAllTransposes_MatchesScalarReference(int m, int n, int k)
    {
        foreach (var kind in GemmKernels.Supported)
        {
            foreach (var transA in new[] { false, true })
            {
                foreach (var transB in new[] { false, true })
                {
                    var lda = (transA ? m : k) + 1;
                    var ldb = (transB ? k : n) + 3;
                    var ldc = n + 1;
                    var a = TestData.Uniform((transA ? k : m) * lda, 11);
                    var b = TestData.Uniform((transB ? n : k) * ldb, 12);
                    var c = TestData.Uniform(m * ldc, 13);
                    var expected = (float[])c.Clone();
                    Blas.Gemm(kind, transA, transB, m, n, k, 1.25f, a, lda, b, ldb, 0.5f, c, ldc);
                    GemmReference.Gemm(transA, transB, m, n, k, 1.25f, a, lda, b, ldb, 0.5f, expected, ldc);
                    for (var i = 0; i < c.Length; i++)
                    {
                        var scale = Math.Max(1f, Math.Abs(expected[i]));
                        Assert.True(
                            Math.Abs(c[i] - expected[i]) <= 1e-4f * scale,
                            $"{kind} transA={transA} transB={transB} {m}×{n}×{k}: C[{i}] = {c[i]}, reference {expected[i]}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Supported_AlwaysEndsWithScalar_AndContainsTheDefault()
    {
        Assert.Equal(GemmKernelKind.Scalar, GemmKernels.Supported[^1]);
        Assert.Contains(GemmKernels.Default, GemmKernels.Supported);
    }

    [Fact]
    public void Choose_ForcedScalar_ReturnsScalar()
    {
        Assert.Equal(GemmKernelKind.Scalar, GemmKernels.Choose("scalar"));
        Assert.Equal(GemmKernelKind.Scalar, GemmKernels.Choose(" SCALAR "));
    }

    [Fact]
    public void Choose_UnsupportedOrUnknown_FallsBackToTheWidestSupported()
    {
        var expected = GemmKernels.Choose(null);
        Assert.Equal(expected, GemmKernels.Choose("no-such-kernel"));
        if (!GemmKernels.Supported.Contains(GemmKernelKind.Avx512))
        {
            Assert.Equal(expected, GemmKernels.Choose("avx512"));
        }
    }

    [Fact]
    public void Blocking_FromCacheSizes_IsWithinSaneBounds()
    {
        var kc = GemmBlocked.DepthFor(16);
        var mc = GemmBlocked.MaxRowsFor(kc);
        Assert.InRange(kc, 64, 512);
        Assert.Equal(0, mc % GemmKernels.MR);
        Assert.InRange(mc, 24, 1020);
    }
}
