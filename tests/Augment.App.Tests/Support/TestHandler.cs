using System.Net.Http.Headers;
using System.Text;
using Augment.Durable;
using Augment.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Augment.Functions.Tests.Support;

/// <summary>
/// The real handler app, started on 127.0.0.1 with a free port over the given stores (in memory unless told
/// otherwise), and an HttpClient that talks to it as the Functions host does.
/// </summary>
internal sealed class TestHandler : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestHandler(WebApplication app, IBlobStore blobs, IQueueStore queues)
    {
        _app = app;
        Blobs = blobs;
        Queues = queues;
        Http = new HttpClient { BaseAddress = FunctionsApp.BoundAddress(app), Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    public IBlobStore Blobs { get; }

    public IQueueStore Queues { get; }

    public IServiceProvider Services => _app.Services;

    public DurableTaskClient Client => Services.GetRequiredService<DurableTaskClient>();

    public AzureStorageOrchestrationService Backend => Services.GetRequiredService<AzureStorageOrchestrationService>();

    public static async Task<TestHandler> StartAsync(IBlobStore? blobs = null, IQueueStore? queues = null, TimeProvider? time = null, Dictionary<string, string?>? settings = null)
    {
        if (blobs is null || queues is null)
        {
            (blobs, queues) = StorageClients.InMemory(time);
        }

        var overrides = new FunctionsAppOverrides(Port: 0, Blobs: blobs, Queues: queues, Time: time, Configure: config =>
        {
            if (settings is not null)
            {
                Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(config, settings);
            }
        });
        var app = FunctionsApp.Create([], overrides);
        await app.StartAsync();
        return new TestHandler(app, blobs, queues);
    }

    /// <summary>POSTs a host invocation payload to <c>/{functionName}</c>, with the host's headers.</summary>
    public async Task<HttpResponseMessage> InvokeAsync(string functionName, string payloadJson)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/" + functionName)
        {
            Content = new StringContent(payloadJson, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.Add("X-Azure-Functions-HostVersion", "4.1040.300.0");
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Azure-Functions-Host", "4.1040.300.0"));
        return await Http.SendAsync(request);
    }

    public async Task UploadAsync(string container, string name, string text)
    {
        await Blobs.CreateContainerIfNotExistsAsync(container);
        await Blobs.UploadAsync(container, name, new MemoryStream(Encoding.UTF8.GetBytes(text)));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
