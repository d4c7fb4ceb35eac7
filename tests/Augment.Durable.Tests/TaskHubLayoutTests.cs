using Augment.Durable.AzureStorage;

namespace Augment.Durable.Tests;

public sealed class TaskHubLayoutTests
{
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void Fnv1a_KnownVectors_Match(string value, uint expected)
    {
        Assert.Equal(expected, TaskHubLayout.Fnv1a(value));
    }

    [Fact]
    public void ControlQueueFor_ManyIds_SpreadOverAllPartitionsStably()
    {
        var layout = new TaskHubLayout("Hub", 4);

        var queues = Enumerable.Range(0, 200).Select(i => layout.ControlQueueFor($"id-{i}")).ToList();

        Assert.Equal(4, queues.Distinct().Count());
        Assert.Equal(queues, Enumerable.Range(0, 200).Select(i => layout.ControlQueueFor($"id-{i}")));
        Assert.Equal($"hub-control-{TaskHubLayout.Fnv1a("id-7") % 4:00}", layout.ControlQueueFor("id-7"));
    }
}
