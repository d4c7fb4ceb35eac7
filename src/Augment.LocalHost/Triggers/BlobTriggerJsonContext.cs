using System.Text.Json.Serialization;

namespace Augment.LocalHost.Triggers;

[JsonSerializable(typeof(BlobTriggerMessage))]
internal sealed partial class BlobTriggerJsonContext : JsonSerializerContext;
