using Azure.Core;

namespace Augment.Pipeline.Training.Arm;

/// <summary>Azure.Core pipeline options (transport, retries, diagnostics) for the ARM and ACR clients.</summary>
public sealed class TrainingClientOptions : ClientOptions
{
}
