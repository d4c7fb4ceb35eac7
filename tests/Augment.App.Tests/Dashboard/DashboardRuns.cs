using Augment.App.Tests.Management;
using Augment.App.Tests.Support;

namespace Augment.App.Tests.Dashboard;

/// <summary>
/// A host on Azurite (DTFx's Azure Storage backend keeps the histories the dashboard's timeline shows; the in-memory
/// backend keeps none) with one finished run of <c>tiny</c> and one run stopped at the audit gate under a hostile
/// dataset name (markup that must render as text), and one finished image run.
/// </summary>
public sealed class DashboardRuns : IAsyncLifetime
{
    /// <summary>A dataset folder name that is markup: the dashboard must show it as text.</summary>
    public const string HostileDataset = "<img src=x onerror=alert(1)>";

    private Augment.Storage.AzuriteEmulator? _azurite;

    internal TestHost Host { get; private set; } = null!;

    public string FinishedId { get; private set; } = "";

    public string WaitingId { get; private set; } = "";

    public string ImagesId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _azurite = await Augment.Storage.AzuriteEmulator.StartAsync();
        Host = await TestHost.StartAsync(azurite: _azurite);
        FinishedId = await Host.StartRunAsync("tiny", SampleCsv.Make(120, 4));
        WaitingId = await Host.StartRunAsync(HostileDataset, SampleCsv.Make(200, 7), Specs.AwaitApproval);
        ImagesId = await Host.StartImageRunAsync("tiles", TwoClassImages.Archive(20, site: true));
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, (await Host.WaitForEndAsync(FinishedId)).RuntimeStatus);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, (await Host.WaitForEndAsync(ImagesId, TimeSpan.FromMinutes(3))).RuntimeStatus);
        await ManagementActionsTests.WaitForApprovalAsync(Host, WaitingId);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
