using Azure.Core;
using Azure.Core.Pipeline;

namespace Augment.Pipeline.Training.Arm;

/// <summary>
/// Adds <c>Authorization: Bearer {token}</c> from a <see cref="TokenCredential"/> for one scope, caching the token
/// until five minutes before it expires. Azure.Core's own BearerTokenAuthenticationPolicy refuses plain http, which
/// the local contract fakes need; this one allows http only for loopback hosts.
/// </summary>
internal sealed class BearerTokenPolicy : HttpPipelinePolicy
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly TokenCredential _credential;
    private readonly TokenRequestContext _context;
    private readonly TimeProvider _time;
    private AccessToken? _cached;

    public BearerTokenPolicy(TokenCredential credential, string scope, TimeProvider time)
    {
        _credential = credential;
        _context = new TokenRequestContext([scope]);
        _time = time;
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        EnsureSecure(message.Request.Uri.ToUri());
        var token = await GetTokenAsync(message.CancellationToken).ConfigureAwait(false);
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, "Bearer " + token);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The training clients are async only.");

    /// <summary>Gets a token for the scope, from the cache while it is fresh.</summary>
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        // Two concurrent refreshes may both ask the credential; both tokens are valid, the last one is kept.
        if (_cached is not { } cached || cached.ExpiresOn - RefreshMargin <= _time.GetUtcNow())
        {
            cached = await _credential.GetTokenAsync(_context, cancellationToken).ConfigureAwait(false);
            _cached = cached;
        }

        return cached.Token;
    }

    /// <summary>Throws unless the URI is https, or http to a loopback host.</summary>
    public static void EnsureSecure(Uri uri)
    {
        if (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback)
        {
            throw new InvalidOperationException($"Refusing to send a bearer token over {uri.Scheme} to {uri.Host}; use https.");
        }
    }
}
