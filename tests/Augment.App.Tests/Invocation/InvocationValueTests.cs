using System.Text.Json;
using Augment.Functions.Invocation;

namespace Augment.Functions.Tests.Invocation;

public class InvocationValueTests
{
    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Theory]
    [InlineData("\"\\\"stringTest\\\"\"", "stringTest")] // the host's double encoding (ScriptInvocationContextExtensionsTests)
    [InlineData("\"stringTest\"", "stringTest")]         // plain, as in the documentation samples
    [InlineData("\"\\\"a \\\\\\\"quoted\\\\\\\" word\\\"\"", "a \"quoted\" word")]
    [InlineData("\"\"", "")]
    [InlineData("\"\\\"\"", "\"")]                       // a lone quote is not a JSON literal: kept as is
    public void AsString_BothEncodings_GiveTheValue(string json, string expected) =>
        Assert.Equal(expected, InvocationValue.AsString(Parse(json)));

    [Fact]
    public void AsString_JsonMessageDoubleEncoded_GivesTheMessageText()
    {
        var message = "{\"InstanceId\":\"a\",\"Event\":{\"EventType\":\"ExecutionStarted\"}}";
        var doubleEncoded = JsonSerializer.Serialize(JsonSerializer.Serialize(message));

        Assert.Equal(message, InvocationValue.AsString(Parse(doubleEncoded)));
        Assert.Equal(message, InvocationValue.AsString(Parse(JsonSerializer.Serialize(message))));
    }

    [Theory]
    [InlineData("1", 1L)]
    [InlineData("\"1\"", 1L)]
    [InlineData("\"\\\"7\\\"\"", 7L)]
    [InlineData("\"x\"", null)]
    [InlineData("null", null)]
    public void AsInt64_NumberOrNumericString(string json, long? expected) =>
        Assert.Equal(expected, InvocationValue.AsInt64(Parse(json)));

    [Theory]
    [InlineData("true", true)]
    [InlineData("\"false\"", false)]
    [InlineData("\"\\\"true\\\"\"", true)]
    [InlineData("\"maybe\"", null)]
    public void AsBoolean_LiteralOrString(string json, bool? expected) =>
        Assert.Equal(expected, InvocationValue.AsBoolean(Parse(json)));

    [Fact]
    public void AsObject_ObjectOrStringHoldingObject()
    {
        var direct = InvocationValue.AsObject(Parse("{\"IsPastDue\":true}"));
        var inString = InvocationValue.AsObject(Parse(JsonSerializer.Serialize("{\"IsPastDue\":true}")));

        Assert.True(InvocationValue.Property(direct, "ispastdue")!.Value.GetBoolean());
        Assert.True(InvocationValue.Property(inString, "IsPastDue")!.Value.GetBoolean());
        Assert.Null(InvocationValue.AsObject(Parse("\"not an object\"")));
        Assert.Null(InvocationValue.AsObject(Parse("[1]")));
    }

    [Fact]
    public void AsTime_ParsesIsoWithOrWithoutOffsetAsUtc()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero), InvocationValue.AsTime(Parse("\"2026-11-22T02:00:00\"")));
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero), InvocationValue.AsTime(Parse("\"2026-11-22T02:00:00+01:00\"")));
        Assert.Null(InvocationValue.AsTime(Parse("\"02/30/2026 25:00\"")));
    }

    [Fact]
    public void Parse_NotAnObject_OneLineError()
    {
        var ex = Assert.Throws<InvalidInvocationException>(() => InvocationRequest.Parse("[1,2]"));
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Throws<InvalidInvocationException>(() => InvocationRequest.Parse("{not json"));
    }
}
