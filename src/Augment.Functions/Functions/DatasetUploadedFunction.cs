using Augment.Functions.Invocation;
using Augment.Pipeline;

namespace Augment.Functions.Functions;

/// <summary>
/// <c>DatasetUploaded</c>: blob trigger on <c>datasets/{name}</c>. Reads only the blob reference from the trigger
/// metadata (<c>name</c>, <c>Uri</c>, <c>Properties.ETag</c>), never <c>Data</c> (the content, which a real host
/// buffers and the local host leaves out), and starts an AugmentDataset run for a <c>{dataset}/*.csv</c> upload
/// unless one exists for the same content. Other blobs (augment.json, nested folders) are acknowledged and ignored.
/// </summary>
internal sealed class DatasetUploadedFunction(RunStarter starter) : IFunction
{
    public const string FunctionName = "DatasetUploaded";

    public string Name => FunctionName;

    public async Task<InvocationResult> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var blobName = BlobNameOf(request)
            ?? throw new InvalidInvocationException("Metadata has neither 'name' nor a 'Uri' under datasets/; cannot tell which blob changed.");
        if (!RunStarter.IsDatasetBlob(blobName))
        {
            return InvocationResult.Ok($"{Name}: datasets/{blobName} is not a dataset upload ({{dataset}}/*.csv); ignored.");
        }

        var etag = InvocationValue.AsString(InvocationValue.Property(InvocationValue.AsObject(request.Meta("Properties")), "ETag"));
        try
        {
            var result = await starter.StartForBlobAsync(WorkArea.DatasetsContainer, blobName, "upload", cancellationToken);
            return InvocationResult.Ok(result.Started
                ? $"{Name}: started run {result.InstanceId} for datasets/{blobName} (ETag {etag ?? "?"})."
                : $"{Name}: run {result.InstanceId} already exists for this content of datasets/{blobName}; nothing started.");
        }
        catch (FileNotFoundException)
        {
            // Deleted since the trigger fired: nothing to augment, and retrying cannot help.
            return InvocationResult.Ok($"{Name}: datasets/{blobName} no longer exists; ignored.");
        }
    }

    /// <summary>The blob name inside <c>datasets</c>: the <c>{name}</c> path token, else the part of <c>Uri</c> after <c>/datasets/</c>.</summary>
    internal static string? BlobNameOf(InvocationRequest request)
    {
        if (InvocationValue.AsString(request.Meta("name")) is { Length: > 0 } name)
        {
            return name;
        }

        if (InvocationValue.AsString(request.Meta("Uri")) is { } uri && Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            var path = Uri.UnescapeDataString(parsed.AbsolutePath);
            var marker = "/" + WorkArea.DatasetsContainer + "/";
            var at = path.IndexOf(marker, StringComparison.Ordinal);
            return at < 0 ? null : path[(at + marker.Length)..];
        }

        return null;
    }
}
