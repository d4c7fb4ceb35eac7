using System.Buffers.Text;
using System.Text;

namespace Augment.Durable.Engine;

/// <summary>
/// The opaque continuation token of instance listings: the last instance id returned, plus (Azure backend) the
/// storage listing marker of the page it was on, so that the next call resumes there and skips ids up to it.
/// Encoded as base64url of <c>"{afterId}\n{marker}"</c> (instance ids have no control characters).
/// </summary>
internal readonly record struct ListContinuation(string AfterInstanceId, string? StorageMarker)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{AfterInstanceId}\n{StorageMarker}"));

    /// <exception cref="ArgumentException">The token was not made by <see cref="Encode"/>.</exception>
    public static ListContinuation? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            if (newline > 0)
            {
                var marker = text[(newline + 1)..];
                return new ListContinuation(text[..newline], marker.Length == 0 ? null : marker);
            }
        }
        catch (FormatException)
        {
            // Falls through to the one-line error below.
        }

        throw new ArgumentException("ContinuationToken is not a token returned by ListInstancesAsync.", nameof(token));
    }
}
