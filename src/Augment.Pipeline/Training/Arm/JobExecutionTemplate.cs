using System.Text;
using System.Text.Json;

namespace Augment.Pipeline.Training.Arm;

/// <summary>CPU and memory of one container (<c>{"cpu":8,"memory":"56Gi"}</c>).</summary>
/// <param name="Cpu">vCPUs.</param>
/// <param name="Memory">Memory with unit, e.g. <c>56Gi</c>.</param>
public sealed record JobResources(double Cpu, string Memory);

/// <summary>One container of a job execution override; send complete definitions with the template's container name.</summary>
/// <param name="Name">Container name as in the job template (the override replaces the container list).</param>
/// <param name="Image">Image pinned by digest, <c>{registry}/{repo}@sha256:…</c>.</param>
/// <param name="Environment">Environment variables (plain values; ordered by name in the body).</param>
/// <param name="Resources">CPU and memory.</param>
/// <param name="Command">Entry point override, or null to keep the image's.</param>
/// <param name="Args">Arguments, or null.</param>
/// <param name="SecretEnvironment">Environment variables from the job's secrets (name → <c>secretRef</c>); the override
/// replaces the template's env list, so secrets the template referenced must be listed again here.</param>
public sealed record JobContainer(
    string Name,
    string Image,
    IReadOnlyDictionary<string, string> Environment,
    JobResources Resources,
    IReadOnlyList<string>? Command = null,
    IReadOnlyList<string>? Args = null,
    IReadOnlyDictionary<string, string>? SecretEnvironment = null);

/// <summary>The body of <c>POST …/jobs/{job}/start</c>: a <c>JobExecutionTemplate</c> (CONTRACTS §6).</summary>
/// <param name="Containers">The containers of the execution.</param>
public sealed record JobExecutionTemplate(IReadOnlyList<JobContainer> Containers)
{
    /// <summary>Serialises the template as ARM expects it; environment variables sorted by name so the body is stable.</summary>
    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("containers");
            foreach (var container in Containers)
            {
                WriteContainer(json, container);
            }

            json.WriteEndArray();
            json.WriteStartArray("initContainers");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <inheritdoc cref="ToJson"/>
    public override string ToString() => Encoding.UTF8.GetString(ToJson());

    private static void WriteContainer(Utf8JsonWriter json, JobContainer container)
    {
        json.WriteStartObject();
        json.WriteString("name", container.Name);
        json.WriteString("image", container.Image);
        WriteStrings(json, "command", container.Command);
        WriteStrings(json, "args", container.Args);
        json.WriteStartArray("env");
        foreach (var (name, value) in container.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("value", value);
            json.WriteEndObject();
        }

        foreach (var (name, secret) in (container.SecretEnvironment ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("secretRef", secret);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("resources");
        json.WriteNumber("cpu", container.Resources.Cpu);
        json.WriteString("memory", container.Resources.Memory);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
