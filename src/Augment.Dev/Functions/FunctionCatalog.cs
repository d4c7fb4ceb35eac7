using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Augment.Dev.Functions;

/// <summary>
/// Finds every <c>[Function]</c> method of an app assembly, as the Functions SDK does when it writes
/// <c>functions.metadata</c>, and classifies it by its trigger. A trigger the local host cannot host is an error at
/// start, never a silently missing function.
/// </summary>
public static class FunctionCatalog
{
    /// <summary>The app's functions, by name.</summary>
    /// <exception cref="InvalidOperationException">A function has no trigger the local host knows, or two share a name.</exception>
    public static IReadOnlyList<AppFunction> Discover(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var functions = new List<AppFunction>();
        foreach (var type in assembly.GetExportedTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
                {
                    continue;
                }

                functions.Add(Classify(function.Name, method));
            }
        }

        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? functions : throw new InvalidOperationException($"Two functions are named '{duplicate.Key}'.");
    }

    private static AppFunction Classify(string name, MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            foreach (var attribute in parameter.GetCustomAttributes())
            {
                TriggerKind? kind = attribute switch
                {
                    OrchestrationTriggerAttribute => TriggerKind.Orchestration,
                    ActivityTriggerAttribute => TriggerKind.Activity,
                    HttpTriggerAttribute => TriggerKind.Http,
                    BlobTriggerAttribute => TriggerKind.Blob,
                    TimerTriggerAttribute => TriggerKind.Timer,
                    _ => null,
                };
                if (kind is { } k)
                {
                    return new AppFunction(name, method, k, attribute, parameter);
                }
            }
        }

        throw new InvalidOperationException($"Function '{name}' ({method.DeclaringType?.Name}.{method.Name}) has no trigger the local host supports (orchestration, activity, HTTP, blob, timer).");
    }
}
