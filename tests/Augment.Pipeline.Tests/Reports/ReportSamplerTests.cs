using System.Text.Json;
using Augment.Pipeline.Reports;

namespace Augment.Pipeline.Tests.Reports;

/// <summary>The sampler (engine, provider, reason) travels into report.json and one line of report.html.</summary>
public sealed class ReportSamplerTests
{
    [Fact]
    public void RunReport_WithSampler_WritesItUnderModelAndOnTheRunLine()
    {
        var sample = ReportSamples.Build();
        var report = sample with { Model = sample.Model with { Sampler = new SamplerInfo(SamplerInfo.OnnxRuntime, "CPU", "CUDA unavailable (Cpu build): no entry point") } };

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, ReportJsonContext.Default.RunReport));
        var html = ReportHtml.Render(report);

        var sampler = json.RootElement.GetProperty("model").GetProperty("sampler");
        Assert.Equal("onnxruntime", sampler.GetProperty("engine").GetString());
        Assert.Equal("CPU", sampler.GetProperty("provider").GetString());
        Assert.Equal("CUDA unavailable (Cpu build): no entry point", sampler.GetProperty("reason").GetString());
        Assert.False(sampler.TryGetProperty("label", out _));
        Assert.Contains("sampled by onnxruntime (CPU)", html, StringComparison.Ordinal);
    }
}
