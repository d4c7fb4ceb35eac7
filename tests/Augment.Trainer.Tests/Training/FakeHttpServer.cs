using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Core;

namespace Augment.Trainer.Tests.Training;

/// <summary>One request the fake received.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>A reply the fake sends.</summary>
public sealed record FakeReply(int Status, string Body = "", IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// HttpListener on 127.0.0.1 and a free port that records every request and answers through a handler
/// (a documented reply, or 500 with the reason when the request breaks the contract).
/// </summary>
public sealed class FakeHttpServer : IAsyncDisposable
{
    private HttpListener _listener = new();
    private readonly Func<RecordedRequest, FakeReply> _handler;
    private readonly Task _loop;
    private readonly List<RecordedRequest> _requests = [];

    public FakeHttpServer(Func<RecordedRequest, FakeReply> handler)
    {
        _handler = handler;
        // A probed free port can be taken (an outgoing connection's local port) before the listener binds it: try another.
        for (var attempt = 1; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                _listener = new HttpListener();
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port}");

    public string Authority => $"127.0.0.1:{Port}";

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    private volatile bool _stopping;

    private async Task LoopAsync()
    {
        while (!_stopping && _listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (_stopping || ex is HttpListenerException or ObjectDisposedException)
            {
                // Disposing: Stop/Close end the pending GetContext with HttpListenerException or, when Close wins the race,
                // ObjectDisposedException (reading IsListening then throws too, so the flag decides, not the listener).
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
            var request = new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, headers, body);
            lock (_requests)
            {
                _requests.Add(request);
            }

            FakeReply reply;
            try
            {
                reply = _handler(request);
            }
            catch (Exception ex)
            {
                reply = new FakeReply(500, "{\"error\":{\"code\":\"FakeContract\",\"message\":\"" + ex.Message.Replace("\"", "'", StringComparison.Ordinal) + "\"}}");
            }

            try
            {
                context.Response.StatusCode = reply.Status;
                foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
                {
                    context.Response.AddHeader(name, value);
                }

                var bytes = Encoding.UTF8.GetBytes(reply.Body);
                if (request.Method != "HEAD" && bytes.Length > 0)
                {
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength64 = bytes.Length;
                    await context.Response.OutputStream.WriteAsync(bytes);
                }

                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException or InvalidOperationException)
            {
                // The client gave up (timeout) or the server is being disposed: nobody reads this reply.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }
}

/// <summary>A credential that hands out a fixed token per scope and records the scopes asked for.</summary>
public sealed class FakeCredential(DateTimeOffset expiresOn) : TokenCredential
{
    private readonly List<string> _scopes = [];

    public IReadOnlyList<string> Scopes
    {
        get
        {
            lock (_scopes)
            {
                return [.. _scopes];
            }
        }
    }

    public static string TokenFor(string scope) => "aad-" + (scope.Contains("management", StringComparison.Ordinal) ? "arm" : "acr");

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        var scope = string.Join(' ', requestContext.Scopes);
        lock (_scopes)
        {
            _scopes.Add(scope);
        }

        return new AccessToken(TokenFor(scope), expiresOn);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
