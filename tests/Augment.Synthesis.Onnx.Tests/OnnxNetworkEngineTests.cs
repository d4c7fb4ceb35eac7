using Augment.Data;
using Augment.Synthesis.Neural;
using Augment.Tensors;

namespace Augment.Synthesis.Onnx.Tests;

[Collection(NeuralModelsCollection.Name)]
public sealed class OnnxNetworkEngineTests(NeuralModels models)
{
    private const int Rows = 300;

    [Fact]
    public void Forward_TvaeDecoder_MatchesOurForwardPass()
    {
        var input = Input(models.Tvae, seed: 1, oneHotFrom: models.Tvae.NetworkInputWidth - ConditionWidth(models.Tvae));

        var ours = models.Tvae.DecoderNetwork.Forward(input);
        var ort = RunOrt(models.Tvae, input);

        AssertClose(ours.Data, ort, 1e-5f);
    }

    [Fact]
    public void Forward_CtganGenerator_MatchesOurForwardPass()
    {
        // The generator in evaluation mode: ConcatResidual(Linear, BatchNorm, ReLU) ×2, Linear.
        var input = Input(models.Ctgan, seed: 2, oneHotFrom: models.Ctgan.NetworkInputWidth - ConditionWidth(models.Ctgan));

        var ours = models.Ctgan.GeneratorNetwork.Forward(input);
        var ort = RunOrt(models.Ctgan, input);

        AssertClose(ours.Data, ort, 1e-5f);
    }

    [Fact]
    public void Sample_TvaeThroughOurOwnForwardAsTheEngine_IsTheOwnSampler()
    {
        // Everything but the network — noise, condition vector, tanh + σ noise, softmax draws, forcing, inverse
        // transform — stays on our side: an engine that computes our forward pass gives the own sampler's table exactly.
        var engine = new ModuleEngine(models.Tvae.DecoderNetwork, models.Tvae.NetworkOutputWidth);

        var viaEngine = models.Tvae.Sample(5000, 17, new SampleCondition("income", ">50K"), engine);
        var own = models.Tvae.Sample(5000, 17, new SampleCondition("income", ">50K"));

        AssertSameTable(own, viaEngine);
    }

    [Theory]
    [InlineData("tvae")]
    [InlineData("ctgan")]
    public void Sample_ThroughOnnxRuntime_SameSeedSameRows(string kind)
    {
        IOnnxSampleable model = kind == "tvae" ? models.Tvae : models.Ctgan;
        using var engine = Engine(model);

        // 5,000 rows: two 4,096-row blocks, sampled in parallel.
        var first = model.Sample(5000, 23, null, engine);
        var second = model.Sample(5000, 23, null, engine);
        var conditioned = model.Sample(2000, 23, new SampleCondition("income", ">50K"), engine);

        AssertSameTable(first, second);
        Assert.Equal(5000, first.RowCount);
        Assert.All(Enumerable.Range(0, conditioned.RowCount), i => Assert.Equal(">50K", conditioned[i, conditioned.IndexOf("income")]));
    }

    [Theory]
    [InlineData("tvae")]
    [InlineData("ctgan")]
    public void Sample_ThroughOnnxRuntime_MatchesTheOwnSampler(string kind)
    {
        // Same seed ⇒ same noise and draws; the network outputs agree to ~1e-6, so the decoded tables agree in
        // (almost) every cell: a logit difference that small flips a softmax draw only when the uniform lands on a boundary.
        IOnnxSampleable model = kind == "tvae" ? models.Tvae : models.Ctgan;
        using var engine = Engine(model);

        var ort = model.Sample(5000, 29, null, engine);
        var own = model.Sample(5000, 29);

        var cells = 0;
        var same = 0;
        for (var c = 0; c < own.Columns.Count; c++)
        {
            for (var i = 0; i < own.RowCount; i++)
            {
                cells++;
                same += own[i, c] == ort[i, c] ? 1 : 0;
            }
        }

        Assert.True(same >= cells * 0.999, $"{same} of {cells} cells agree");
    }

    [Fact]
    public void Create_NotAnOnnxModel_ThrowsUnavailable()
    {
        var e = Assert.Throws<OnnxEngineUnavailableException>(() => OnnxNetworkEngine.Create([1, 2, 3, 4], 4, 4, new OnnxEngineOptions { Provider = OnnxProviderPreference.Cpu }));

        Assert.StartsWith("ONNX Runtime could not create a session: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_CudaUnavailable_RunsOnTheCpuWithTheReason()
    {
        var options = new OnnxEngineOptions { AppendCuda = (_, _) => throw new DllNotFoundException("libonnxruntime_providers_cuda.so") };

        using var engine = OnnxNetworkEngine.Create(NeuralModels.Onnx(models.Tvae), models.Tvae.NetworkInputWidth, models.Tvae.NetworkOutputWidth, options);

        Assert.Equal(ExecutionProviderChoice.Cpu, engine.Provider.Provider);
        Assert.Contains("libonnxruntime_providers_cuda.so", engine.Provider.Reason, StringComparison.Ordinal);
        Assert.Equal(100, models.Tvae.Sample(100, 1, null, engine).RowCount);
    }

    private static OnnxNetworkEngine Engine(IOnnxSampleable model) =>
        OnnxNetworkEngine.Create(NeuralModels.Onnx(model), model.NetworkInputWidth, model.NetworkOutputWidth);

    private static float[] RunOrt(IOnnxSampleable model, Tensor input)
    {
        using var engine = Engine(model);
        var output = new float[input.Rows * model.NetworkOutputWidth];
        engine.Forward(input.Data, input.Rows, output);
        return output;
    }

    private static int ConditionWidth(IOnnxSampleable model) => model switch
    {
        TvaeGenerator t => t.NetworkInputWidth - 128,
        CtganGenerator g => g.NetworkInputWidth - 128,
        _ => 0,
    };

    /// <summary>N(0, 1) noise in the first columns and one condition position per row (or none) in the rest.</summary>
    private static Tensor Input(IOnnxSampleable model, int seed, int oneHotFrom)
    {
        var random = new Random(seed);
        var input = new Tensor(Rows, model.NetworkInputWidth);
        var conditionWidth = model.NetworkInputWidth - oneHotFrom;
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < oneHotFrom; j++)
            {
                input[i, j] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }

            if (conditionWidth > 0 && i % 4 != 0)
            {
                input[i, oneHotFrom + random.Next(conditionWidth)] = 1f;
            }
        }

        return input;
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / Math.Max(1f, Math.Abs(expected[i])));
        }

        Assert.True(worst <= tolerance, $"largest difference {worst:G3}");
    }

    private static void AssertSameTable(DataTable expected, DataTable actual)
    {
        Assert.Equal(expected.Columns, actual.Columns);
        Assert.Equal(expected.RowCount, actual.RowCount);
        for (var c = 0; c < expected.Columns.Count; c++)
        {
            for (var i = 0; i < expected.RowCount; i++)
            {
                Assert.Equal(expected[i, c], actual[i, c]);
            }
        }
    }

    /// <summary>Our own forward pass behind the engine interface (a fresh copy per call: a forward pass caches activations).</summary>
    private sealed class ModuleEngine(Augment.Tensors.Layers.Module network, int outputs) : INetworkEngine
    {
        private readonly Lock gate = new();

        public void Forward(float[] input, int rows, float[] output)
        {
            lock (gate)
            {
                var result = network.Forward(new Tensor(input, rows, input.Length / rows));
                Array.Copy(result.Data, output, (long)rows * outputs);
            }
        }
    }
}
