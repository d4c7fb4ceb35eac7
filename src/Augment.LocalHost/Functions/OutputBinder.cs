using System.Text;
using System.Text.Json.Nodes;
using Augment.LocalHost.Invocation;
using Augment.LocalHost.Metadata;
using Augment.Storage;
using Microsoft.Extensions.Logging;

namespace Augment.LocalHost.Functions;

/// <summary>
/// Applies a function's non-HTTP outputs (CONTRACTS.md §1.4): queue outputs (<c>Outputs[name]</c>, or
/// <c>ReturnValue</c> for <c>$return</c>; an array sends one message per item). As the real host does, a string that
/// is valid base64 is decoded to its bytes unless the binding is <c>dataType: binary</c>; objects are sent as JSON.
/// Other output types are not supported by the local host and are logged once per invocation.
/// </summary>
public sealed partial class OutputBinder(IQueueStore queues, ILogger logger)
{
    /// <summary>Sends every queue output of <paramref name="result"/>.</summary>
    public async Task ApplyAsync(FunctionMetadata function, InvocationResult result, CancellationToken cancellationToken = default)
    {
        foreach (var binding in function.Outputs)
        {
            var value = binding.Name == "$return" ? result.ReturnValue : result.Outputs.FirstOrDefault(p => string.Equals(p.Key, binding.Name, StringComparison.OrdinalIgnoreCase)).Value;
            if (value is null || string.Equals(binding.Type, BindingTypes.Http, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!string.Equals(binding.Type, BindingTypes.Queue, StringComparison.OrdinalIgnoreCase))
            {
                LogUnsupported(logger, function.Name, binding.Name, binding.Type);
                continue;
            }

            var queue = binding.Get("queueName") ?? throw new FunctionInvocationException($"{function.Name}: output '{binding.Name}' has no queueName");
            await queues.CreateQueueIfNotExistsAsync(queue, cancellationToken);
            var binary = string.Equals(binding.Get("dataType"), "binary", StringComparison.OrdinalIgnoreCase);
            foreach (var item in value is JsonArray array ? array.ToList() : [value])
            {
                if (item is not null)
                {
                    await queues.SendAsync(queue, MessageText(item, binary), cancellationToken: cancellationToken);
                }
            }
        }
    }

    /// <summary>The queue message text for one output value, with the host's base64 rule.</summary>
    public static string MessageText(JsonNode value, bool binary)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var text))
        {
            if (!binary && TryBase64(text, out var bytes))
            {
                return Encoding.UTF8.GetString(bytes);
            }

            return text;
        }

        return value.ToJsonString();
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 4 != 0)
        {
            return false;
        }

        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "{Function}: output '{Binding}' of type {Type} is not supported by the local host; ignored")]
    private static partial void LogUnsupported(ILogger logger, string function, string binding, string type);
}
