using System.Text.Json;
using System.Text.RegularExpressions;
using Augment.Pipeline;
using Augment.Pipeline.Training;

namespace Augment.Trainer.Tests.Infra;

/// <summary>
/// The settings the code reads (<see cref="AppSettings.All"/>), the Bicep in infra/, local.settings.sample.json and
/// the function.json files agree on names.
/// </summary>
public sealed partial class SettingsConsistencyTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AugmentFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (AugmentFunctions.sln) not found above the test binaries.");
    }

    private static string Read(params string[] parts) => File.ReadAllText(Path.Combine([Root, .. parts]));

    private static IReadOnlyList<string> BicepStringArray(string bicep, string variable)
    {
        var match = Regex.Match(bicep, $@"var {variable} = \[(?<items>[^\]]*)\]");
        Assert.True(match.Success, $"var {variable} not found");
        return [.. QuotedRegex().Matches(match.Groups["items"].Value).Select(m => m.Groups[1].Value)];
    }

    private static string BicepDefault(string bicep, string param) =>
        Regex.Match(bicep, $@"param {param} \w+ = '?(?<value>[^'\r\n]+)'?").Groups["value"].Value;

    [Fact]
    public void AppSettings_EveryName_IsSetInTheFunctionAppBicep()
    {
        var bicep = Read("infra", "modules", "functionapp.bicep");

        var missing = AppSettings.All.Where(name => !bicep.Contains($"{{ name: '{name}', value:", StringComparison.Ordinal)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void AppSettings_EveryName_IsInLocalSettingsSample()
    {
        using var sample = JsonDocument.Parse(Read("local.settings.sample.json"));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(AppSettings.All, name => Assert.Contains(name, values));
    }

    [Fact]
    public void AppSettings_All_ListsEveryConstantOnce()
    {
        var constants = typeof(AppSettings).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.Equal(constants.Order(StringComparer.Ordinal), AppSettings.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Containers_TheCodeUses_AreCreatedByTheStorageBicep()
    {
        var containers = BicepStringArray(Read("infra", "modules", "storage.bicep"), "containers");

        Assert.Subset(containers.ToHashSet(), new HashSet<string> { WorkArea.DatasetsContainer, WorkArea.WorkContainer, WorkArea.OutputContainer, "models" });
    }

    [Fact]
    public void FunctionJson_QueuesAndBlobContainers_AreCreatedByTheStorageBicep()
    {
        var main = Read("infra", "main.bicep");
        var taskHub = BicepDefault(main, "taskHub");
        var partitions = int.Parse(BicepDefault(main, "partitionCount"), System.Globalization.CultureInfo.InvariantCulture);
        // The queue names storage.bicep derives: '{hub}-control-{i:00}' for each partition, then '{hub}-workitems'.
        var queues = Enumerable.Range(0, partitions).Select(i => $"{taskHub}-control-{i:00}").Append($"{taskHub}-workitems").ToHashSet();
        var containers = BicepStringArray(Read("infra", "modules", "storage.bicep"), "containers").ToHashSet();
        var functionsDir = Path.Combine(Root, "src", "Augment.Functions", "functions");
        var files = Directory.Exists(functionsDir) ? Directory.GetFiles(functionsDir, "function.json", SearchOption.AllDirectories) : [];

        var queueNames = new List<string>();
        foreach (var file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var binding in doc.RootElement.GetProperty("bindings").EnumerateArray())
            {
                if (binding.TryGetProperty("queueName", out var queue))
                {
                    queueNames.Add(queue.GetString()!);
                    Assert.True(queues.Contains(queue.GetString()!), $"{file}: queue '{queue}' is not created by infra/modules/storage.bicep");
                }

                if (binding.GetProperty("type").GetString() == "blobTrigger")
                {
                    var container = binding.GetProperty("path").GetString()!.Split('/')[0];
                    Assert.True(containers.Contains(container), $"{file}: container '{container}' is not created by infra/modules/storage.bicep");
                }
            }
        }

        // Once the functions are present, every durable queue the Bicep creates has its trigger function.
        if (files.Length > 0)
        {
            Assert.Equal(queues.Order(StringComparer.Ordinal), queueNames.Distinct().Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void TrainerJob_Template_SetsTheSettingsTheTrainerReads()
    {
        var bicep = Read("infra", "modules", "containerapps.bicep");

        foreach (var name in new[] { AppSettings.Storage, AppSettings.TaskHub, AppSettings.PartitionCount })
        {
            Assert.Contains($"{{ name: '{name}',", bicep, StringComparison.Ordinal);
        }

        Assert.Contains("name: 'trainer'", bicep, StringComparison.Ordinal);
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedRegex();
}
