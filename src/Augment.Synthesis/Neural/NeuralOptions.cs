namespace Augment.Synthesis.Neural;

/// <summary>Defaults of the neural generators (SDV's where they fit two CPU cores; see the README).</summary>
internal static class NeuralDefaults
{
    public const int TvaeEpochs = 100;
    public const int TvaeBatch = 500;
    public const int TvaeLatent = 128;
    public const int TvaeHidden = 128;
    public const float TvaeLearningRate = 1e-3f;
    public const float TvaeWeightDecay = 1e-5f;
    public const float TvaeLossFactor = 2f;
    public const double UnconditionalShare = 0.25;

    public const int CtganEpochs = 100;
    public const int CtganBatch = 500;
    public const int CtganNoise = 128;
    public const int CtganHidden = 256;
    public const int CtganPac = 10;
    public const float CtganLearningRate = 2e-4f;
    public const float CtganWeightDecay = 1e-6f;
    public const float CtganPenalty = 10f;
    public const float CtganTau = 0.2f;
}
