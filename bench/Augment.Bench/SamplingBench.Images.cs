using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics.X86;
using Augment.Images;
using Augment.Synthesis.Neural;
using Augment.Synthesis.Onnx;

namespace Augment.Bench;

internal static partial class SamplingBench
{
    /// <summary>
    /// <c>sampling --images [--count 1000] [--rounds 5] [--vae-steps 100] [--per-class 100] [--seed 42] [--folder DIR]</c>:
    /// a conditional VAE fitted briefly on Fashion-MNIST (sampling cost does not depend on how long it trained), then
    /// <c>--count</c> images (equal per class) drawn by our own forward pass and through ONNX Runtime from the exported
    /// decoder, alternating in one process, best of <c>--rounds</c>; also ONNX Runtime with its batches one at a time on
    /// one thread (how much of its lead is running batches in parallel); the largest pixel difference between ours and
    /// ORT's; the CPU model and load average. Ends with one JSON line.
    /// </summary>
    private static int RunImages(string[] args)
    {
        var count = int.Parse(Option(args, "--count") ?? "1000", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Option(args, "--rounds") ?? "5", CultureInfo.InvariantCulture);
        var steps = int.Parse(Option(args, "--vae-steps") ?? "100", CultureInfo.InvariantCulture);
        var perClassTrain = int.Parse(Option(args, "--per-class") ?? "100", CultureInfo.InvariantCulture);
        var seed = int.Parse(Option(args, "--seed") ?? "42", CultureInfo.InvariantCulture);
        var folder = Option(args, "--folder") ?? FashionMnist.DebianFolder;
        var cpu = GemmBench.CpuModel();
        var loadBefore = LoadAverage();
        Console.WriteLine($"sampling --images: {count} Fashion-MNIST-shaped images per call, best of {rounds}; {Environment.ProcessorCount} logical CPUs");
        Console.WriteLine($"  CPU: {cpu}; AVX2 {Avx2.IsSupported}, FMA {Fma.IsSupported}, AVX-512F {Avx512F.IsSupported}; load average {loadBefore}");

        var train = FashionMnist.Read(folder).TakePerClass(perClassTrain, seed);
        var vae = ConditionalVae.Train(train, new VaeOptions(Seed: seed, Epochs: 1, MinSteps: steps));
        var classes = train.Classes.Count;
        var perClass = Enumerable.Range(0, classes).Select(c => (count / classes) + (c < count % classes ? 1 : 0)).ToArray();

        var clock = Stopwatch.StartNew();
        using var graph = new MemoryStream();
        vae.ExportOnnx(graph);
        var export = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        using var engine = OnnxNetworkEngine.Create(graph.ToArray(), vae.NetworkInputWidth, vae.Shape.Size);
        var session = clock.Elapsed.TotalMilliseconds;

        // Warm-up both, then alternate: on a shared machine the load moves within seconds.
        vae.Sample(perClass, seed, train.Classes);
        vae.Sample(perClass, seed, train.Classes, engine);
        var serial = new OneAtATime(engine);
        var own = new List<double>();
        var ort = new List<double>();
        var ortSerial = new List<double>();
        ImageSet? ownImages = null;
        ImageSet? ortImages = null;
        for (var r = 0; r < rounds; r++)
        {
            clock.Restart();
            ownImages = vae.Sample(perClass, seed, train.Classes);
            own.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            ortImages = vae.Sample(perClass, seed, train.Classes, engine);
            ort.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            vae.Sample(perClass, seed, train.Classes, serial);
            ortSerial.Add(clock.Elapsed.TotalSeconds);
        }

        var worst = ownImages!.Pixels.Zip(ortImages!.Pixels).Max(p => Math.Abs(p.First - p.Second));
        var loadAfter = LoadAverage();
        Console.WriteLine($"  VAE: {steps} steps on {train.Count} images ({vae.TrainSeconds:F1} s); export {export:F0} ms ({graph.Length / 1024} KiB), session {session:F0} ms on {engine.Provider.Provider} ({engine.Provider.Reason})");
        Console.WriteLine($"    own forward pass: {string.Join(", ", own.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))} s per {count} images");
        Console.WriteLine($"    ONNX Runtime:     {string.Join(", ", ort.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))} s  → {own.Min() / ort.Min():F2}× (best of each); largest pixel difference {worst:G3}");
        Console.WriteLine($"    ONNX Runtime, one batch at a time on one thread: {string.Join(", ", ortSerial.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))} s  → {own.Min() / ortSerial.Min():F2}×");
        Console.WriteLine($"  load average after: {loadAfter}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"suite\":\"sampling-images\",\"cpu\":\"{GemmBench.Escape(cpu)}\",\"threads\":{Environment.ProcessorCount},\"load_before\":\"{loadBefore}\",\"load_after\":\"{loadAfter}\",\"images\":{count},\"own_s\":{own.Min():F4},\"ort_s\":{ort.Min():F4},\"speedup\":{own.Min() / ort.Min():F2},\"ort_serial_s\":{ortSerial.Min():F4},\"serial_speedup\":{own.Min() / ortSerial.Min():F2},\"own_images_s\":{count / own.Min():F0},\"ort_images_s\":{count / ort.Min():F0},\"provider\":\"{engine.Provider.Provider}\",\"reason\":\"{GemmBench.Escape(engine.Provider.Reason)}\",\"max_abs_diff\":{worst:G3},\"export_ms\":{export:F1},\"session_ms\":{session:F0},\"graph_kib\":{graph.Length / 1024}}}"));
        return 0;
    }

    /// <summary>Passes calls to an engine one at a time (ONNX Runtime on one thread, batch after batch).</summary>
    private sealed class OneAtATime(INetworkEngine inner) : INetworkEngine
    {
        private readonly Lock gate = new();

        public void Forward(float[] input, int rows, float[] output)
        {
            lock (gate)
            {
                inner.Forward(input, rows, output);
            }
        }
    }
}
