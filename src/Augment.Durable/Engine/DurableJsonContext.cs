using System.Text.Json.Serialization;

namespace Augment.Durable.Engine;

/// <summary>Source-generated JSON for everything the engine persists or enqueues.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<HistoryEvent>))]
[JsonSerializable(typeof(TaskMessage))]
[JsonSerializable(typeof(InstanceState))]
[JsonSerializable(typeof(HistoryEvent))]
[JsonSerializable(typeof(string))]
internal sealed partial class DurableJsonContext : JsonSerializerContext;
