using Microsoft.Extensions.DependencyInjection;

namespace Augment.Functions.Tests.Support;

internal static class ServiceProviderExtensions
{
    public static T GetRequiredServiceOf<T>(this IServiceProvider services)
        where T : notnull => services.GetRequiredService<T>();
}
