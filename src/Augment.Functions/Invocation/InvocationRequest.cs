using System.Text.Json;

namespace Augment.Functions.Invocation;

/// <summary>
/// A custom-handler invocation as the Functions host posts it to <c>/{FunctionName}</c>:
/// <c>{"Data": {binding: value}, "Metadata": {key: value, "sys": {...}}}</c> (CONTRACTS §1.3). Keys are matched
/// case-insensitively; values are read through <see cref="InvocationValue"/>, so both encodings work.
/// </summary>
internal sealed class InvocationRequest
{
    private InvocationRequest(JsonElement? data, JsonElement? metadata, string? invocationId)
    {
        Data = data;
        Metadata = metadata;
        InvocationId = invocationId;
    }

    /// <summary>The <c>Data</c> object (input bindings by name).</summary>
    public JsonElement? Data { get; }

    /// <summary>The <c>Metadata</c> object (trigger binding data).</summary>
    public JsonElement? Metadata { get; }

    /// <summary>The host's <c>X-Azure-Functions-InvocationId</c> header, when present.</summary>
    public string? InvocationId { get; }

    /// <summary>An input binding's value.</summary>
    public JsonElement? Input(string bindingName) => InvocationValue.Property(Data, bindingName);

    /// <summary>A trigger metadata value.</summary>
    public JsonElement? Meta(string key) => InvocationValue.Property(Metadata, key);

    /// <summary>Parses <paramref name="body"/>.</summary>
    /// <exception cref="InvalidInvocationException">The body is not a JSON object.</exception>
    public static InvocationRequest Parse(string body, string? invocationId = null)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInvocationException($"The invocation body must be a JSON object, not {root.ValueKind}.");
            }

            var data = InvocationValue.AsObject(InvocationValue.Property(root, "Data"));
            var metadata = InvocationValue.AsObject(InvocationValue.Property(root, "Metadata"));
            return new InvocationRequest(data?.Clone(), metadata?.Clone(), invocationId);
        }
        catch (JsonException ex)
        {
            throw new InvalidInvocationException($"The invocation body is not JSON: {ex.Message.Split('\n')[0]}", ex);
        }
    }

    /// <summary>Reads and parses the request body.</summary>
    public static async Task<InvocationRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        return Parse(body, request.Headers["X-Azure-Functions-InvocationId"].FirstOrDefault());
    }
}

/// <summary>An invocation payload that cannot be used; its message is one line.</summary>
internal sealed class InvalidInvocationException : Exception
{
    public InvalidInvocationException(string message) : base(message) { }

    public InvalidInvocationException(string message, Exception inner) : base(message, inner) { }

    public InvalidInvocationException() : base("Invalid invocation payload.") { }
}
