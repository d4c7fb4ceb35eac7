using System.Web;
using Augment.Pipeline.Training;
using Augment.Pipeline.Training.Acr;
using Augment.Pipeline.Training.Arm;

namespace Augment.Trainer.Tests.Training;

/// <summary>The ACR tag → digest resolver against a local fake registry that checks CONTRACTS §6's token exchange.</summary>
public sealed class AcrDigestResolverContractTests
{
    private const string Digest = "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    private static AcrDigestResolver Resolver(FakeCredential credential)
    {
        var options = new TrainingClientOptions();
        options.Retry.MaxRetries = 0;
        return new AcrDigestResolver(credential, "tenant-1", options, useHttpForLoopback: true);
    }

    private static Func<RecordedRequest, FakeReply> Registry(Func<string> authority, string realmAuthority = "")
    {
        return request =>
        {
            var host = authority();
            var realm = realmAuthority.Length > 0 ? realmAuthority : host;
            switch (request.Method, request.PathAndQuery)
            {
                case ("HEAD", "/v2/augment/trainer/manifests/1.0") when !request.Headers.ContainsKey("Authorization"):
                    return new FakeReply(401, "", new Dictionary<string, string>
                    {
                        ["WWW-Authenticate"] = $"Bearer realm=\"http://{realm}/oauth2/token\",service=\"{host}\",scope=\"repository:augment/trainer:pull\"",
                    });
                case ("POST", "/oauth2/exchange"):
                    var exchange = HttpUtility.ParseQueryString(request.Body);
                    Assert.Equal("access_token", exchange["grant_type"]);
                    Assert.Equal(host, exchange["service"]);
                    Assert.Equal("tenant-1", exchange["tenant"]);
                    Assert.Equal("aad-acr", exchange["access_token"]);
                    Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["Content-Type"], StringComparison.Ordinal);
                    return new FakeReply(200, "{\"refresh_token\":\"rt-1\"}");
                case ("POST", "/oauth2/token"):
                    var token = HttpUtility.ParseQueryString(request.Body);
                    Assert.Equal("refresh_token", token["grant_type"]);
                    Assert.Equal(host, token["service"]);
                    Assert.Equal("repository:augment/trainer:pull", token["scope"]);
                    Assert.Equal("rt-1", token["refresh_token"]);
                    return new FakeReply(200, "{\"access_token\":\"at-1\"}");
                case ("HEAD", "/v2/augment/trainer/manifests/1.0"):
                    Assert.Equal("Bearer at-1", request.Headers["Authorization"]);
                    Assert.StartsWith("application/vnd.oci.image.index.v1+json", request.Headers["Accept"], StringComparison.Ordinal);
                    return new FakeReply(200, "", new Dictionary<string, string> { ["Docker-Content-Digest"] = Digest });
                case ("HEAD", _):
                    return new FakeReply(request.Headers.ContainsKey("Authorization") ? 404 : 401, "", request.Headers.ContainsKey("Authorization") ? null : new Dictionary<string, string>
                    {
                        ["WWW-Authenticate"] = $"Bearer realm=\"http://{host}/oauth2/token\",service=\"{host}\"",
                    });
                default:
                    throw new InvalidOperationException($"unexpected {request.Method} {request.PathAndQuery}");
            }
        };
    }

    [Fact]
    public async Task Pin_On401Challenge_ExchangesTokensAndPinsTheDigest()
    {
        FakeHttpServer? server = null;
        await using var fake = server = new FakeHttpServer(Registry(() => server!.Authority));
        var credential = new FakeCredential(DateTimeOffset.UtcNow.AddHours(1));

        var pinned = await Resolver(credential).PinAsync(ImageReference.Parse($"{fake.Authority}/augment/trainer:1.0"));

        Assert.Equal($"{fake.Authority}/augment/trainer@{Digest}", pinned);
        Assert.Equal(["HEAD", "POST", "POST", "HEAD"], fake.Requests.Select(r => r.Method));
        Assert.Equal([AcrDigestResolver.Scope], credential.Scopes);
    }

    [Fact]
    public async Task Resolve_UnknownTag_SaysNotFound()
    {
        FakeHttpServer? server = null;
        await using var fake = server = new FakeHttpServer(Registry(() => server!.Authority));

        var error = await Assert.ThrowsAsync<TrainingJobException>(() => Resolver(new FakeCredential(DateTimeOffset.UtcNow.AddHours(1))).ResolveAsync(ImageReference.Parse($"{fake.Authority}/augment/trainer:nope")));

        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_RealmOnAnotherHost_RefusesToSendTheAadToken()
    {
        FakeHttpServer? server = null;
        await using var fake = server = new FakeHttpServer(Registry(() => server!.Authority, realmAuthority: "127.0.0.1:1"));
        var credential = new FakeCredential(DateTimeOffset.UtcNow.AddHours(1));

        await Assert.ThrowsAsync<TrainingJobException>(() => Resolver(credential).ResolveAsync(ImageReference.Parse($"{fake.Authority}/augment/trainer:1.0")));

        Assert.Empty(credential.Scopes);
        Assert.Single(fake.Requests);
    }

    [Theory]
    [InlineData("trainer:1.0")]
    [InlineData("myacr.azurecr.io/trainer")]
    [InlineData("myacr.azurecr.io/trainer@sha256:abc")]
    public void ImageReference_Malformed_ThrowsFormatException(string image) =>
        Assert.Throws<FormatException>(() => ImageReference.Parse(image));

    [Fact]
    public void BearerChallenge_DocumentedHeader_ParsesRealmServiceAndScope()
    {
        var challenge = BearerChallenge.TryParse("Bearer realm=\"https://myacr.azurecr.io/oauth2/token\",service=\"myacr.azurecr.io\",scope=\"repository:a/b:pull\"");

        Assert.NotNull(challenge);
        Assert.Equal(new Uri("https://myacr.azurecr.io/oauth2/token"), challenge.Realm);
        Assert.Equal("myacr.azurecr.io", challenge.Service);
        Assert.Equal("repository:a/b:pull", challenge.Scope);
        Assert.Null(BearerChallenge.TryParse("Basic realm=\"x\""));
    }
}
