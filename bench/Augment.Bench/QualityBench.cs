namespace Augment.Bench;

/// <summary>The <c>quality</c> suite (not written yet).</summary>
internal static class QualityBench
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("the quality benchmark is not implemented yet");
        return Task.FromResult(1);
    }
}
