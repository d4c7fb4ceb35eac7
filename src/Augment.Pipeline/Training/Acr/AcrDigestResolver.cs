using System.Text.Json;
using Augment.Pipeline.Training.Arm;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Augment.Pipeline.Training.Acr;

/// <summary>
/// Resolves an image tag to its digest in Azure Container Registry (CONTRACTS §6): manifest HEAD, on the 401
/// Bearer challenge an AAD token is exchanged for an ACR refresh token (<c>/oauth2/exchange</c>) and then for a
/// pull-scoped access token (<c>/oauth2/token</c>), and the HEAD is repeated to read <c>Docker-Content-Digest</c>.
/// </summary>
public sealed class AcrDigestResolver
{
    /// <summary>The AAD scope of tokens ACR accepts in the exchange.</summary>
    public const string Scope = "https://containerregistry.azure.net/.default";

    /// <summary>The manifest media types asked for, index types first (a multi-arch tag resolves to its index digest).</summary>
    public const string ManifestAccept = "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

    private readonly TokenCredential _credential;
    private readonly string? _tenantId;
    private readonly HttpPipeline _pipeline;
    private readonly string _scheme;

    /// <summary>Creates the resolver. <paramref name="tenantId"/> is sent in the exchange when given.
    /// <paramref name="useHttpForLoopback"/> lets tests talk plain http to a 127.0.0.1 fake.</summary>
    public AcrDigestResolver(TokenCredential credential, string? tenantId = null, TrainingClientOptions? clientOptions = null, bool useHttpForLoopback = false)
    {
        _credential = credential ?? throw new ArgumentNullException(nameof(credential));
        _tenantId = tenantId;
        _pipeline = HttpPipelineBuilder.Build(clientOptions ?? new TrainingClientOptions());
        _scheme = useHttpForLoopback ? Uri.UriSchemeHttp : Uri.UriSchemeHttps;
    }

    /// <summary>Returns the digest (<c>sha256:…</c>) the tag points to now.</summary>
    public async Task<string> ResolveAsync(ImageReference image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var manifest = new Uri($"{_scheme}://{image.Registry}/v2/{image.Repository}/manifests/{Uri.EscapeDataString(image.Tag)}");
        BearerTokenPolicy.EnsureSecure(manifest);
        using (var anonymous = await HeadAsync(manifest, null, cancellationToken).ConfigureAwait(false))
        {
            if (anonymous.Response.Status != 401)
            {
                return Digest(anonymous.Response, image);
            }

            var challenge = BearerChallenge.TryParse(Header(anonymous.Response, "WWW-Authenticate"))
                ?? throw new TrainingJobException($"Registry {image.Registry} answered 401 without a Bearer challenge.");
            if (!string.Equals(challenge.Realm.Authority, manifest.Authority, StringComparison.OrdinalIgnoreCase))
            {
                throw new TrainingJobException($"Registry {image.Registry} sent a token realm on another host ({challenge.Realm.Authority}); not sending it an AAD token.");
            }

            var scope = challenge.Scope ?? $"repository:{image.Repository}:pull";
            var access = await AccessTokenAsync(challenge, scope, cancellationToken).ConfigureAwait(false);
            using var authorised = await HeadAsync(manifest, access, cancellationToken).ConfigureAwait(false);
            return Digest(authorised.Response, image);
        }
    }

    /// <summary>Resolves the tag and returns the image pinned by digest.</summary>
    public async Task<string> PinAsync(ImageReference image, CancellationToken cancellationToken = default) =>
        image.WithDigest(await ResolveAsync(image, cancellationToken).ConfigureAwait(false));

    private async Task<string> AccessTokenAsync(BearerChallenge challenge, string scope, CancellationToken cancellationToken)
    {
        var aad = await _credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false);
        var exchangeForm = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "access_token"),
            new("service", challenge.Service),
        };
        if (!string.IsNullOrEmpty(_tenantId))
        {
            exchangeForm.Add(new("tenant", _tenantId));
        }

        exchangeForm.Add(new("access_token", aad.Token));
        var exchange = new Uri(challenge.Realm, "/oauth2/exchange");
        var refresh = await PostFormAsync(exchange, exchangeForm, "refresh_token", cancellationToken).ConfigureAwait(false);
        return await PostFormAsync(challenge.Realm,
            [new("grant_type", "refresh_token"), new("service", challenge.Service), new("scope", scope), new("refresh_token", refresh)],
            "access_token", cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> PostFormAsync(Uri uri, IEnumerable<KeyValuePair<string, string>> form, string field, CancellationToken cancellationToken)
    {
        using var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Post;
        message.Request.Uri.Reset(uri);
        message.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/x-www-form-urlencoded");
        var body = string.Join('&', form.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
        message.Request.Content = RequestContent.Create(BinaryData.FromString(body));
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status != 200)
        {
            throw new TrainingJobException($"Registry {uri.AbsolutePath} returned {response.Status} {response.ReasonPhrase}.");
        }

        try
        {
            using var doc = JsonDocument.Parse(response.Content.ToMemory());
            return doc.RootElement.TryGetProperty(field, out var value) && value.GetString() is { Length: > 0 } token
                ? token
                : throw new TrainingJobException($"Registry {uri.AbsolutePath} reply has no {field}.");
        }
        catch (JsonException ex)
        {
            throw new TrainingJobException($"Registry {uri.AbsolutePath} reply is not JSON: {ex.Message}", ex);
        }
    }

    private async Task<HttpMessage> HeadAsync(Uri manifest, string? bearer, CancellationToken cancellationToken)
    {
        var message = _pipeline.CreateMessage();
        message.Request.Method = RequestMethod.Head;
        message.Request.Uri.Reset(manifest);
        message.Request.Headers.SetValue(HttpHeader.Names.Accept, ManifestAccept);
        if (bearer is not null)
        {
            message.Request.Headers.SetValue(HttpHeader.Names.Authorization, "Bearer " + bearer);
        }

        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        return message;
    }

    private static string Digest(Response response, ImageReference image) => response.Status switch
    {
        200 => Header(response, "Docker-Content-Digest") is { } digest && digest.StartsWith("sha256:", StringComparison.Ordinal)
            ? digest
            : throw new TrainingJobException($"Registry answered 200 for {image} without a sha256 Docker-Content-Digest."),
        404 => throw new TrainingJobException($"Image {image} not found in the registry."),
        _ => throw new TrainingJobException($"Registry manifest HEAD for {image} returned {response.Status} {response.ReasonPhrase}."),
    };

    private static string? Header(Response response, string name) => response.Headers.TryGetValue(name, out var value) ? value : null;
}
