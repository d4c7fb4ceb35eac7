namespace Augment.Bench;

/// <summary>The <c>gemm</c> suite (not written yet).</summary>
internal static class GemmBench
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("the gemm benchmark is not implemented yet");
        return Task.FromResult(1);
    }
}
