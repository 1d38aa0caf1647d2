using HeadlessBlog.Api.Slugs;

namespace HeadlessBlog.Api.Tests;

public sealed class SlugsTests
{
    [Theory]
    [InlineData("Café déjà vu", "cafe-deja-vu")]
    [InlineData("  Hello,   World!  ", "hello-world")]
    [InlineData("C# & .NET 10", "c-net-10")]
    [InlineData("Straße über Ærø", "strasse-uber-aero")]
    [InlineData("Łódź", "lodz")]
    [InlineData("日本語", "ribenyu")]
    [InlineData("--a--b--", "a-b")]
    public void From_Transliterates_AndJoinsWordsWithSingleHyphens(string text, string expected)
    {
        Assert.Equal(expected, Slug.From(text, fallback: "x"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!")]
    [InlineData("   ")]
    public void From_WithNothingUsable_ReturnsFallback(string text)
    {
        Assert.Equal("article", Slug.From(text, fallback: "article"));
    }

    [Fact]
    public void From_LongText_CutsAtAWordBoundaryWithinTheLimit()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 100));

        var slug = Slug.From(text, fallback: "x");

        Assert.True(slug.Length <= 200, $"length {slug.Length}");
        Assert.True(Slug.IsValid(slug));
        Assert.EndsWith("word", slug, StringComparison.Ordinal);
    }

    [Fact]
    public void FirstFree_SkipsTakenSuffixes()
    {
        var taken = new HashSet<string> { "post", "post-2", "post-3" };

        Assert.Equal("post-4", Slug.FirstFree("post", taken));
        Assert.Equal("other", Slug.FirstFree("other", taken));
    }

    [Fact]
    public void FirstFree_AtMaximumLength_StaysWithinTheLimit()
    {
        var full = new string('a', 200);

        var slug = Slug.FirstFree(full, new HashSet<string> { full });

        Assert.Equal(200, slug.Length);
        Assert.EndsWith("-2", slug, StringComparison.Ordinal);
        Assert.True(Slug.IsValid(slug));
    }

    [Theory]
    [InlineData("ok", true)]
    [InlineData("a-b-c1", true)]
    [InlineData("A", false)]
    [InlineData("a--b", false)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("a b", false)]
    [InlineData("é", false)]
    [InlineData("", false)]
    public void IsValid_AcceptsOnlyLowercaseWordsWithSingleHyphens(string slug, bool valid)
    {
        Assert.Equal(valid, Slug.IsValid(slug));
    }
}
