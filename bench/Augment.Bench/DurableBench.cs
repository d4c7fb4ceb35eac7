namespace Augment.Bench;

/// <summary>The <c>durable</c> suite (not written yet).</summary>
internal static class DurableBench
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("the durable benchmark is not implemented yet");
        return Task.FromResult(1);
    }
}
