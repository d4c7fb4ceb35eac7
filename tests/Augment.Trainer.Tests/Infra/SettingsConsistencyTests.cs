using System.Text.Json;
using System.Text.RegularExpressions;
using Augment.Pipeline;
using Augment.Pipeline.Training;

namespace Augment.Trainer.Tests.Infra;

/// <summary>
/// The settings the code reads (<see cref="AppSettings.All"/>), the Bicep in infra/, local.settings.sample.json and the
/// Functions app (src/Augment.App: its host.json and its trigger attributes) agree on names.
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

    private static string BicepDefault(string bicep, string param)
    {
        var match = Regex.Match(bicep, $@"param {param} \w+ = '?(?<value>[^'\r\n]+)'?");
        Assert.True(match.Success, $"param {param} with a default not found");
        return match.Groups["value"].Value.Trim();
    }

    private static JsonElement LocalSettingsValues()
    {
        using var sample = JsonDocument.Parse(Read("local.settings.sample.json"));
        return sample.RootElement.GetProperty("Values").Clone();
    }

    private static JsonElement DurableTaskExtension()
    {
        using var host = JsonDocument.Parse(Read("src", "Augment.App", "host.json"));
        return host.RootElement.GetProperty("extensions").GetProperty("durableTask").Clone();
    }

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
        var values = LocalSettingsValues().EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        var missing = AppSettings.All.Where(name => !values.Contains(name)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void AppSettings_All_ListsEveryConstantOnce()
    {
        var constants = typeof(AppSettings).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.Equal(constants.Order(StringComparer.Ordinal), AppSettings.All.Order(StringComparer.Ordinal));
        Assert.Equal(AppSettings.All.Count, AppSettings.All.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void LocalSettingsSample_WorkerRuntime_IsTheIsolatedWorker()
    {
        // src/Augment.App is an isolated-worker app (Microsoft.Azure.Functions.Worker); `func start` reads this value.
        Assert.Equal("dotnet-isolated", LocalSettingsValues().GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
    }

    [Fact]
    public void Containers_TheCodeUses_AreCreatedByTheStorageBicep()
    {
        var containers = BicepStringArray(Read("infra", "modules", "storage.bicep"), "containers");

        Assert.Subset(containers.ToHashSet(), new HashSet<string> { WorkArea.DatasetsContainer, WorkArea.WorkContainer, WorkArea.OutputContainer, TrainingEvents.ModelsContainer });
    }

    [Fact]
    public void HostJson_DurableTask_UsesTheTaskHubSettingAndTheAzureStorageBackend()
    {
        var durable = DurableTaskExtension();

        Assert.Equal($"%{AppSettings.TaskHub}%", durable.GetProperty("hubName").GetString());
        Assert.Equal("AzureStorage", durable.GetProperty("storageProvider").GetProperty("type").GetString());
    }

    [Fact]
    public void DurableQueues_TheStorageBicepCreates_AreTheTaskHubsAtItsPartitionCount()
    {
        var main = Read("infra", "main.bicep");
        var storage = Read("infra", "modules", "storage.bicep");
        var partitions = int.Parse(BicepDefault(main, "partitionCount"), System.Globalization.CultureInfo.InvariantCulture);

        // The Azure Storage backend's queues: {hub}-control-00 … one per partition, and {hub}-workitems.
        Assert.Contains("'${taskHub}-control-${padLeft(string(i), 2, '0')}'", storage, StringComparison.Ordinal);
        Assert.Contains("for i in range(0, partitionCount)", storage, StringComparison.Ordinal);
        Assert.Contains("'${taskHub}-workitems'", storage, StringComparison.Ordinal);
        // The hub and partition count the Bicep deploys are the ones the app runs with locally.
        Assert.Equal(LocalSettingsValues().GetProperty(AppSettings.TaskHub).GetString(), BicepDefault(main, "taskHub"));
        Assert.Equal(LocalSettingsValues().GetProperty(AppSettings.PartitionCount).GetString(), partitions.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(partitions, DurableTaskExtension().GetProperty("storageProvider").GetProperty("partitionCount").GetInt32());
    }

    [Fact]
    public void AppFunctions_BlobTriggerContainers_AreCreatedByTheStorageBicep()
    {
        var containers = BicepStringArray(Read("infra", "modules", "storage.bicep"), "containers").ToHashSet(StringComparer.Ordinal);
        var sources = Directory.GetFiles(Path.Combine(Root, "src", "Augment.App"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var paths = new List<string>();
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (Match trigger in BlobTriggerRegex().Matches(text))
            {
                var argument = trigger.Groups["arg"].Value.Trim();
                var path = argument.StartsWith('"') ? argument.Trim('"') : Evaluate(ConstantRegex(argument).Match(text) is { Success: true } c ? c.Groups["expr"].Value : throw new InvalidOperationException($"{file}: cannot resolve BlobTrigger({argument})"));
                paths.Add(path);
                var container = path.Split('/')[0];
                Assert.True(containers.Contains(container), $"{Path.GetRelativePath(Root, file)}: blob trigger container '{container}' is not created by infra/modules/storage.bicep");
            }
        }

        Assert.Contains($"{WorkArea.DatasetsContainer}/{{name}}", paths);
    }

    [Fact]
    public void TrainerJob_Template_SetsTheStorageTheTrainerReadsAndTheContainerTheRunnerOverrides()
    {
        var bicep = Read("infra", "modules", "containerapps.bicep");
        var runner = new ContainerAppsJobRunnerOptions { Image = Pipeline.Training.Acr.ImageReference.Parse("r.azurecr.io/augment/trainer:1") };

        Assert.Contains($"name: '{runner.ContainerName}'", bicep, StringComparison.Ordinal);
        foreach (var (name, secret) in runner.SecretEnvironment)
        {
            Assert.Contains($"{{ name: '{name}', secretRef: '{secret}' }}", bicep, StringComparison.Ordinal);
            Assert.Contains($"name: '{secret}'", bicep, StringComparison.Ordinal);
        }

        Assert.Contains(AppSettings.Storage, runner.SecretEnvironment.Keys);
    }

    [Fact]
    public void TrainerJob_InAzure_GetsTheRunStatusUrlItWatches()
    {
        var containerApps = Read("infra", "modules", "containerapps.bicep");
        var functionApp = Read("infra", "modules", "functionapp.bicep");
        var main = Read("infra", "main.bicep");
        var management = Read("src", "Augment.App", "Http", "ManagementFunctions.cs");
        using var host = JsonDocument.Parse(Read("src", "Augment.App", "host.json"));
        var routePrefix = host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();
        var runner = new ContainerAppsJobRunnerOptions { Image = Pipeline.Training.Acr.ImageReference.Parse("r.azurecr.io/augment/trainer:1") };

        // Every execution gets the variable from the job secret (the runner's override replaces the template's env list).
        Assert.Equal("run-status-url", runner.SecretEnvironment[RunWatch.StatusUrlVariable]);
        // The secret is one run's status on the app's management route, with the app's host key `trainer`...
        var secret = Regex.Match(containerApps, @"name: 'run-status-url'\s+value: '(?<url>.+)'\s*$", RegexOptions.Multiline);
        Assert.True(secret.Success, "containerapps.bicep: no job secret run-status-url");
        Assert.Equal(
            $"https://${{functionApp.properties.defaultHostName}}/{routePrefix}/augmentations/{{runId}}?code=${{listKeys('${{functionApp.id}}/host/default', '2024-04-01').functionKeys.trainer}}",
            secret.Groups["url"].Value);
        Assert.Contains("resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {\n  name: functionAppName\n}", containerApps.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("functionAppName: functions.outputs.name", main, StringComparison.Ordinal);
        // ...which the function app module creates...
        Assert.Matches(@"resource \w+ 'Microsoft\.Web/sites/host/functionKeys@[\d-]+' = \{\s+name: '\$\{app\.name\}/default/trainer'\s+properties: \{ name: 'trainer'", functionApp);
        // ...and that route (and its raiseEvent beside it, where the trainer reports) takes: function level, so host keys.
        Assert.Matches(@"AuthorizationLevel\.Function, ""get""[^)]*Route = ""augmentations/\{instanceId\}""\)", management);
        Assert.Matches(@"AuthorizationLevel\.Function, ""post"", Route = ""augmentations/\{instanceId\}/raiseEvent/\{eventName\}""\)", management);
    }

    /// <summary>Evaluates <c>WorkArea.X + "/{name}"</c>-style constant expressions (WorkArea constants and string literals joined by +).</summary>
    private static string Evaluate(string expression) => string.Concat(expression.Split('+').Select(part => part.Trim()).Select(part =>
        part.StartsWith('"') ? part.Trim('"')
        : part.StartsWith("WorkArea.", StringComparison.Ordinal) ? (string)typeof(WorkArea).GetField(part["WorkArea.".Length..])!.GetRawConstantValue()!
        : throw new InvalidOperationException($"cannot evaluate '{part}'")));

    private static Regex ConstantRegex(string name) => new($@"const\s+string\s+{Regex.Escape(name)}\s*=\s*(?<expr>[^;]+);");

    [GeneratedRegex(@"\[BlobTrigger\((?<arg>[^,)]+)")]
    private static partial Regex BlobTriggerRegex();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedRegex();
}
