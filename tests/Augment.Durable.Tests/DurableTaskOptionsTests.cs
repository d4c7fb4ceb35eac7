namespace Augment.Durable.Tests;

public sealed class DurableTaskOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValidAndDocumented()
    {
        var options = new DurableTaskOptions().Validate();

        Assert.Equal(4, options.PartitionCount);
        Assert.Equal(Environment.ProcessorCount, options.MaxConcurrentActivities);
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.MinPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.MaxPollingInterval);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1hub")]
    [InlineData("my-hub")]
    public void Validate_BadTaskHub_Throws(string hub)
    {
        Assert.Throws<ArgumentException>(() => new DurableTaskOptions { TaskHub = hub }.Validate());
    }

    [Fact]
    public void Validate_PartitionCountAbove16_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DurableTaskOptions { PartitionCount = 17 }.Validate());

        Assert.Equal(nameof(DurableTaskOptions.PartitionCount), ex.ParamName);
    }

    [Fact]
    public void Validate_MaxPollingBelowMin_Throws()
    {
        var options = new DurableTaskOptions { MinPollingInterval = TimeSpan.FromSeconds(2), MaxPollingInterval = TimeSpan.FromSeconds(1) };

        Assert.Throws<ArgumentException>(() => options.Validate());
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(7 * 86400.0)]
    public void Validate_MaxTimerMessageDelayOutside1sTo6Days_ThrowsNamingIt(double seconds)
    {
        var ex = Assert.Throws<ArgumentException>(() => new DurableTaskOptions { MaxTimerMessageDelay = TimeSpan.FromSeconds(seconds) }.Validate());

        Assert.Equal(nameof(DurableTaskOptions.MaxTimerMessageDelay), ex.ParamName);
        Assert.Equal(TimeSpan.FromDays(6), new DurableTaskOptions().MaxTimerMessageDelay);
    }
}
