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

    public static int Error(IAnsiConsole console, string message, int code)
    {
        console.MarkupLineInterpolated($"[red]error:[/] {message}");
        return code;
    }
}
