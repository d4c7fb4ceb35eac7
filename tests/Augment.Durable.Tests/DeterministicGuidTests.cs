using Augment.Durable.Engine;

namespace Augment.Durable.Tests;

public sealed class DeterministicGuidTests
{
    [Fact]
    public void Create_SameName_SameVersion5Guid()
    {
        var a = DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, "i1_0");
        var b = DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, "i1_0");
        var c = DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, "i1_1");

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal('5', a.ToString()[14]);
    }

    [Fact]
    public void Create_DnsNamespaceExample_MatchesRfc4122V5()
    {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") == 886313e1-3b8a-5372-9b90-0c9aee199e5d
        var guid = DeterministicGuid.Create(new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "python.org");

        Assert.Equal(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"), guid);
    }
}
