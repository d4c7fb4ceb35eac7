using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs;

namespace Augment.Dev.Triggers;

/// <summary>One attempt at one blob version, handed to the blob trigger's callback.</summary>
/// <param name="Blob">The blob (the version may change after the call starts; compare <paramref name="ETag"/>).</param>
/// <param name="Container">The blob's container.</param>
/// <param name="BlobName">The blob's name.</param>
/// <param name="BindingData">The values of the path's tokens, e.g. <c>name</c> (case-insensitive keys).</param>
/// <param name="ETag">The version that triggered, re-checked just before the call.</param>
/// <param name="Attempt">1 on the first attempt, up to <see cref="BlobTriggerOptions.MaxAttempts"/>.</param>
internal sealed record BlobTriggerInvocation(
    BlobClient Blob,
    string Container,
    string BlobName,
    IReadOnlyDictionary<string, string> BindingData,
    ETag ETag,
    int Attempt);

/// <summary>
/// The message the host writes for a blob version, on its internal queue and, after the last attempt, on
/// <c>webjobs-blobtrigger-poison</c> (field names and order as the WebJobs extension's <c>BlobTriggerMessage</c>).
/// </summary>
/// <param name="Type">Always <c>BlobTrigger</c>.</param>
/// <param name="FunctionId"><c>Host.Functions.{name}</c>.</param>
/// <param name="BlobType"><c>BlockBlob</c>, <c>PageBlob</c> or <c>AppendBlob</c>.</param>
/// <param name="ContainerName">The blob's container.</param>
/// <param name="BlobName">The blob's name.</param>
/// <param name="ETag">The version in header form, quotes included (<c>"0x8D…"</c>), as the host takes it from the blob's properties.</param>
internal sealed record BlobTriggerMessage(string Type, string FunctionId, string BlobType, string ContainerName, string BlobName, string ETag);

[JsonSerializable(typeof(BlobTriggerMessage))]
internal sealed partial class BlobTriggerJsonContext : JsonSerializerContext;
