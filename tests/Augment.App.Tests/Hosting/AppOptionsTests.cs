using Augment.App.Hosting;
using Microsoft.Extensions.Configuration;

namespace Augment.App.Tests.Hosting;

/// <summary>The app's settings as both hosts read them.</summary>
public sealed class AppOptionsTests
{
    private static AppOptions From(params (string Name, string Value)[] settings) => AppOptions.From(new ConfigurationBuilder()
        .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Name, (string?)s.Value)).Prepend(KeyValuePair.Create("AzureWebJobsStorage", (string?)"UseDevelopmentStorage=true")))
        .Build());

    [Fact]
    public void From_StorageRetryWindow_ReadAsSecondsOrNullForTheDefault()
    {
        Assert.Null(From().StorageRetryWindowSeconds);
        Assert.Equal(600, From(("Augment:StorageRetryWindowSeconds", "600")).StorageRetryWindowSeconds);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("3601")]
    [InlineData("ten")]
    [InlineData("-30")]
    public void From_StorageRetryWindowOutOfRange_OneLineNamingTheSetting(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => From(("Augment:StorageRetryWindowSeconds", value)));

        Assert.Equal($"Augment__StorageRetryWindowSeconds '{value}' must be a whole number of seconds from 5 to 3600.", error.Message);
    }
}
