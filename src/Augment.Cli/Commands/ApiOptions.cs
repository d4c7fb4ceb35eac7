using System.CommandLine;

namespace Augment.Cli.Commands;

/// <summary>The options every API client command takes: <c>--url</c>/<c>AUGMENT_URL</c>, <c>--key</c>/<c>AUGMENT_KEY</c>, <c>--json</c>.</summary>
internal sealed class ApiOptions
{
    /// <summary>Where the API is when neither <c>--url</c> nor <c>AUGMENT_URL</c> says (the local host's default port).</summary>
    public const string DefaultUrl = "http://localhost:7071";

    public Option<string?> Url { get; } = new("--url") { Description = $"Base URL of the Functions app (env AUGMENT_URL; default {DefaultUrl})." };

    public Option<string?> Key { get; } = new("--key") { Description = "Function key (env AUGMENT_KEY); sent as x-functions-key." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON on stdout (human output goes to stderr)." };

    /// <summary>Adds the options to a command.</summary>
    public Command AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Key);
        command.Options.Add(Json);
        return command;
    }

    /// <summary>The client for a parsed command line, or an <see cref="ApiException"/> for a bad URL.</summary>
    public ApiClient Client(ParseResult parse)
    {
        var url = parse.GetValue(Url) ?? Environment.GetEnvironmentVariable("AUGMENT_URL") ?? DefaultUrl;
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new ApiException($"--url '{url}' is not an http(s) URL.", CliConsole.BadInput);
        }

        return new ApiClient(baseUrl, parse.GetValue(Key) ?? Environment.GetEnvironmentVariable("AUGMENT_KEY"));
    }
}
