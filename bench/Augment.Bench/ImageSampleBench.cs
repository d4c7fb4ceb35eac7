using System.Globalization;
using System.Security.Cryptography;
using Augment.Images;

namespace Augment.Bench;

/// <summary>
/// `image-sample [--per-class 30] [--seed 17] [--folder DIR] [--out samples/fashion-mnist-sample.zip]`: regenerates the
/// repository's image sample from Debian's dataset-fashion-mnist (the training split): <see cref="FashionMnistSample"/>
/// chooses the images with the seed and adds the <c>ink</c> attribute; the zip (28×28 grey PNGs in
/// <c>{class}/train-{index}.png</c>, labels.csv at the root, fixed entry times) has the same bytes for the same seed.
/// Ends with one JSON line (images, bytes, sha256).
/// </summary>
internal static class ImageSampleBench
{
    public static Task<int> RunAsync(string[] args)
    {
        var perClass = int.Parse(Value(args, "--per-class") ?? "30", CultureInfo.InvariantCulture);
        var seed = int.Parse(Value(args, "--seed") ?? "17", CultureInfo.InvariantCulture);
        var folder = Value(args, "--folder") ?? FashionMnist.DebianFolder;
        var output = Value(args, "--out") ?? Path.Combine("samples", "fashion-mnist-sample.zip");

        var sample = FashionMnistSample.Build(FashionMnist.Read(folder), perClass, seed);
        using (var file = File.Create(output))
        {
            ImageArchive.Write(sample, file, keepNames: true);
        }

        var bytes = File.ReadAllBytes(output);
        Console.WriteLine($"image-sample: {sample.Count} images ({perClass} per class, seed {seed}) from {folder} → {output}, {bytes.Length:N0} bytes");
        Console.WriteLine($"{{\"bench\":\"image-sample\",\"images\":{sample.Count},\"per_class\":{perClass},\"seed\":{seed},\"bytes\":{bytes.Length},\"sha256\":\"{Convert.ToHexStringLower(SHA256.HashData(bytes))}\"}}");
        return Task.FromResult(0);
    }

    private static string? Value(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
