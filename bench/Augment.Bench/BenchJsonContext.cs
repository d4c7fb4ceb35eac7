using System.Text.Json.Serialization;

namespace Augment.Bench;

/// <summary>Source-generated JSON for the benchmark's result lines.</summary>
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(List<Dictionary<string, object>>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(List<Dictionary<string, object>>))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
