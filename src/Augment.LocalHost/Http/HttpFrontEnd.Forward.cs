using Augment.LocalHost.Invocation;
using Microsoft.AspNetCore.Http;

namespace Augment.LocalHost.Http;

public sealed partial class HttpFrontEnd
{
    /// <summary>Copies a request to the handler at the same path and query and streams its answer back unchanged (redirects and cookies off).</summary>
    private sealed class Forwarder(IHandlerEndpoint handler) : IDisposable
    {
        private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
        {
            "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
        };

        private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan };

        public async Task ForwardAsync(HttpContext context)
        {
            Uri baseAddress;
            try
            {
                baseAddress = await handler.GetBaseAddressAsync(context.RequestAborted);
            }
            catch (InvalidOperationException ex)
            {
                throw new FunctionInvocationException($"the handler is not available: {ex.Message}", ex);
            }

            var request = context.Request;
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(baseAddress, request.Path.ToUriComponent() + request.QueryString.ToUriComponent()));
            if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
            {
                message.Content = new StreamContent(request.Body);
            }

            foreach (var (name, values) in request.Headers)
            {
                if (HopByHop.Contains(name))
                {
                    continue;
                }

                if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                {
                    message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
                }
            }

            // Keep the caller's Host, so URLs the handler builds (Location, statusQueryGetUri) point at this host.
            message.Headers.Host = request.Host.Value;
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            }
            catch (HttpRequestException ex)
            {
                throw new FunctionInvocationException($"the handler did not answer: {ex.Message}", ex);
            }

            using (response)
            {
                context.Response.StatusCode = (int)response.StatusCode;
                foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                {
                    if (!HopByHop.Contains(name))
                    {
                        context.Response.Headers[name] = values.ToArray();
                    }
                }

                await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            }
        }

        public void Dispose() => _http.Dispose();
    }
}
