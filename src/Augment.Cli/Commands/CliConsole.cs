using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>Console plumbing shared by the commands.</summary>
internal static class CliConsole
{
    /// <summary>Exit code: the run completed.</summary>
    public const int Ok = 0;

    /// <summary>Exit code: the run failed or timed out.</summary>
    public const int RunFailed = 1;

    /// <summary>Exit code: bad arguments or an unreadable input file.</summary>
    public const int BadInput = 2;

    /// <summary>Human output. With <c>--json</c> it goes to stderr, so stdout carries only the JSON line.</summary>
    public static IAnsiConsole Create(bool json) => json
        ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error), Interactive = InteractionSupport.No })
        : AnsiConsole.Console;

    /// <summary>Host and handler logs: one line each, on stderr (stdout stays clean for <c>--json</c>).</summary>
    public static ILoggerFactory CreateLoggers(LogLevel minimum) => LoggerFactory.Create(b =>
    {
        b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(minimum);
        b.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    });

    /// <summary>Writes the one-line reason (never wrapped at the console width, so scripts can grep it) and returns <paramref name="code"/>.</summary>
    public static int Error(IAnsiConsole console, string message, int code)
    {
        console.Markup("[red]error:[/] ");
        console.Profile.Out.Writer.WriteLine(message.ReplaceLineEndings(" "));
        console.Profile.Out.Writer.Flush();
        return code;
    }
}
