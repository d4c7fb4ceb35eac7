using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Augment.LocalHost.Invocation;
using Augment.LocalHost.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Augment.LocalHost.Http;

public sealed partial class HttpFrontEnd
{
    /// <summary>HTTP functions that are not forwarded: the request becomes <c>Data[req]</c>; the <c>http</c> output becomes the response.</summary>
    internal static class PayloadMode
    {
        public static async Task InvokeAsync(HttpContext context, FunctionMetadata function, IFunctionInvoker invoker)
        {
            var request = await BuildRequestAsync(context, function);
            var result = await invoker.InvokeAsync(request, context.RequestAborted);
            var output = function.Outputs.FirstOrDefault(b => string.Equals(b.Type, BindingTypes.Http, StringComparison.OrdinalIgnoreCase));
            JsonNode? response = output is null ? null
                : output.Name == "$return" ? result.ReturnValue
                : result.Outputs.FirstOrDefault(p => string.Equals(p.Key, output.Name, StringComparison.OrdinalIgnoreCase)).Value;
            await WriteResponseAsync(context, response);
        }

        /// <summary>The §1.3 payload for an HTTP request: <c>{Url, Method, Query, Headers, Params, Identities, Body}</c>.</summary>
        public static async Task<InvocationRequest> BuildRequestAsync(HttpContext context, FunctionMetadata function)
        {
            var request = context.Request;
            var query = new JsonObject();
            foreach (var (name, values) in request.Query)
            {
                query[name] = values.ToString();
            }

            var headers = new JsonObject();
            foreach (var (name, values) in request.Headers)
            {
                headers[name] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            }

            var routeValues = new JsonObject();
            var metadata = new JsonObject { ["Query"] = query.DeepClone(), ["Headers"] = headers.DeepClone() };
            foreach (var (name, value) in context.GetRouteData().Values)
            {
                var text = Convert.ToString(value, CultureInfo.InvariantCulture);
                routeValues[name] = text;
                if (text is not null)
                {
                    metadata[name] = WireValues.Text(text);
                }
            }

            var req = new JsonObject
            {
                ["Url"] = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}",
                ["Method"] = request.Method,
                ["Query"] = query,
                ["Headers"] = headers,
                ["Params"] = routeValues,
                ["Identities"] = new JsonArray(),
            };
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, context.RequestAborted);
            if (body.Length > 0)
            {
                var type = request.ContentType ?? string.Empty;
                var binary = type.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase) || type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase);
                req["Body"] = binary ? Convert.ToBase64String(body.ToArray()) : Encoding.UTF8.GetString(body.ToArray());
            }

            return new InvocationRequest(function.Name, Guid.NewGuid(), new JsonObject { [function.Trigger.Name] = req }, metadata);
        }

        /// <summary>Writes an <c>http</c> output (<c>StatusCode</c> number or string, <c>Headers</c>, <c>Body</c>); none = 200 with no body.</summary>
        public static async Task WriteResponseAsync(HttpContext context, JsonNode? output)
        {
            if (output is not JsonObject o)
            {
                context.Response.StatusCode = output is null ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError;
                return;
            }

            JsonNode? Field(string name) => o.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            var status = Field("StatusCode") ?? Field("Status");
            context.Response.StatusCode = status switch
            {
                JsonValue v when v.TryGetValue<int>(out var n) => n,
                JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
                _ => StatusCodes.Status200OK,
            };
            if (Field("Headers") is JsonObject headers)
            {
                foreach (var (name, value) in headers)
                {
                    context.Response.Headers[name] = value is JsonValue hv && hv.TryGetValue<string>(out var text) ? text : value?.ToJsonString();
                }
            }

            switch (Field("Body"))
            {
                case null:
                    break;
                case JsonValue v when v.TryGetValue<string>(out var text):
                    await context.Response.WriteAsync(text, context.RequestAborted);
                    break;
                case var node:
                    if (!context.Response.Headers.ContainsKey("Content-Type"))
                    {
                        context.Response.ContentType = "application/json";
                    }

                    await context.Response.WriteAsync(node.ToJsonString(), context.RequestAborted);
                    break;
            }
        }
    }
}
