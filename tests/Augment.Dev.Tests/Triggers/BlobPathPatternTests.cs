using Augment.Dev.Triggers;

namespace Augment.Dev.Tests.Triggers;

public class BlobPathPatternTests
{
    [Fact]
    public void Match_SingleToken_SpansSlashes()
    {
        var pattern = BlobPathPattern.Parse("datasets/{name}");

        var values = pattern.Match("adult/data.csv");

        Assert.Equal("datasets", pattern.Container);
        Assert.Equal("adult/data.csv", Assert.Single(values!).Value);
        Assert.Equal("adult/data.csv", values!["NAME"]);
    }

    [Fact]
    public void Match_TokenBeforeLiteral_NeedsTheLiteral()
    {
        var pattern = BlobPathPattern.Parse("datasets/{name}/data.csv");

        Assert.Equal("adult", pattern.Match("adult/data.csv")!["name"]);
        Assert.Equal("a/b", pattern.Match("a/b/data.csv")!["name"]);
        Assert.Null(pattern.Match("adult/augment.json"));
        Assert.Null(pattern.Match("adult/Data.csv")); // case-sensitive, as the host
    }

    // The host's own binding-template cases (WebJobs SDK BindingTemplateTests): every token is a greedy '.*'.
    [Theory]
    [InlineData("input/{name}.{extension}", "foo.txt", "foo")]
    [InlineData("input/foo/{name}.{extension}", "foo/foo.txt", "foo")]
    [InlineData("input/{name}/foo/{skip}.{extension}", "foo/foo/bar.txt", "foo")]
    [InlineData("input/{name}.{extension}/foo/{part}", "foo.txt/foo/part", "foo")]
    [InlineData("input/{name}/{extension}", "foo/txt", "foo")]
    [InlineData("input/{name}/foo/{skip}.{extension}", "name/foo/skip/bar.txt", "name")]
    [InlineData("input/foo/{name}.{extension}", "foo/skip/bar.txt", "skip/bar")]
    public void Match_NameAndExtension_AsTheHostBindsThem(string path, string blobName, string expectedName)
    {
        var values = BlobPathPattern.Parse(path).Match(blobName);

        Assert.NotNull(values);
        Assert.Equal(expectedName, values["name"]);
        Assert.Equal("txt", values["extension"]);
    }

    [Fact]
    public void Match_SeveralSeparators_EarlierTokensTakeTheLongestMatch()
    {
        var values = BlobPathPattern.Parse("input/{name}.{extension}-/{other}").Match("foo.bar.txt-/asd-/ijij");

        Assert.Equal("foo.bar", values!["name"]);
        Assert.Equal("txt-/asd", values["extension"]);
        Assert.Equal("ijij", values["other"]);
    }

    [Fact]
    public void Match_NoMatch_ReturnsNull() =>
        Assert.Null(BlobPathPattern.Parse("input/{name}.-/").Match("foo.bar.-/txt"));

    [Fact]
    public void Match_LiteralCharactersAndEscapedBraces_AreLiteral()
    {
        var pattern = BlobPathPattern.Parse("c/in.(v1)/{{2014}}/{name}");

        Assert.Equal("a", pattern.Match("in.(v1)/{2014}/a")!["name"]);
        Assert.Null(pattern.Match("inX(v1)/{2014}/a"));
        Assert.Equal("in.(v1)/{2014}/", pattern.Prefix);
    }

    [Theory]
    [InlineData("datasets/{name}", "")]
    [InlineData("datasets/in/{name}", "in/")]
    [InlineData("datasets/fixed.csv", "fixed.csv")]
    public void Prefix_IsTheTextBeforeTheFirstToken(string path, string prefix) =>
        Assert.Equal(prefix, BlobPathPattern.Parse(path).Prefix);

    [Theory]
    [InlineData("datasets")]
    [InlineData("datasets/")]
    [InlineData("/name")]
    [InlineData("{c}/{name}")]
    [InlineData("datasets/{name")]
    [InlineData("datasets/name}")]
    [InlineData("datasets/{}")]
    [InlineData("datasets/{a}/{A}")]
    [InlineData("datasets/{a{b}}")]
    public void Parse_BadPath_Throws(string path) =>
        Assert.Throws<FormatException>(() => BlobPathPattern.Parse(path));
}
