using Augment.App.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddAugmentApp(builder.Configuration);
// Functions-host only: the Azure Functions resource attributes, and the worker capability that tells the host the
// worker emits the invocation telemetry. The run's source and exporters are in AddAugmentApp (the local host has them too).
builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
builder.Build().Run();
