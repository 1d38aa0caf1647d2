using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Schema;

public sealed class CollationOnSqlite(SqliteApiFactory factory) : CollationTests<SqliteApiFactory>(factory);

/// <summary>SQL Server's default collation calls these names equal; the columns' binary collation must not.</summary>
public sealed class CollationOnSqlServer(SqlServerApiFactory factory) : CollationTests<SqlServerApiFactory>(factory);

public static class CollationTestData
{
    /// <summary>Pairs that SQL_Latin1_General_CP1_CI_AS calls equal: ß/ss, full-width/half-width, hiragana/katakana.</summary>
    public static TheoryData<string, string> LinguisticallyEqualNames => new()
    {
        { "Straße", "Strasse" },
        { "ＡＢＣ", "ABC" },
        { "かな", "カナ" },
    };
}

/// <summary>Names and slugs are equal in the database exactly when they are equal ordinally in the API.</summary>
public abstract class CollationTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [MemberData(nameof(CollationTestData.LinguisticallyEqualNames), MemberType = typeof(CollationTestData))]
    public async Task ArticleTags_WithNamesOnlyALinguisticCollationCallsEqual_AreTwoTags(string first, string second)
    {
        var prefix = Unique("c") + " ";
        var one = await CreatePublishedArticleAsync(tags: [prefix + first]);

        var two = await CreatePublishedArticleAsync(tags: [prefix + second]);

        Assert.Equal(prefix + first, Assert.Single(one.Tags).Name);
        Assert.Equal(prefix + second, Assert.Single(two.Tags).Name);
        Assert.NotEqual(one.Tags[0].Id, two.Tags[0].Id);
    }

    [Theory]
    [MemberData(nameof(CollationTestData.LinguisticallyEqualNames), MemberType = typeof(CollationTestData))]
    public async Task CreateTag_WithANameOnlyALinguisticCollationCallsEqual_Returns201(string first, string second)
    {
        var prefix = Unique("c") + " ";
        await CreateTagAsync(prefix + first);

        var response = await Client.PostAsJsonAsync("/api/tags", new { name = prefix + second }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var tag = (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
        Assert.Equal(prefix + second, tag.Name);
    }

    [Fact]
    public async Task CreateTag_WithTheSameNameInAnotherCase_Returns409()
    {
        var name = Unique("Case ");
        await CreateTagAsync(name);

        var response = await Client.PostAsJsonAsync("/api/tags", new { name = name.ToUpperInvariant() }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("upper")]
    [InlineData("trailing space")]
    public async Task GetArticleBySlug_WithAnotherCaseOrTrailingSpace_Returns404(string variant)
    {
        var article = await CreatePublishedArticleAsync();
        var slug = Variant(article.Slug, variant);

        var response = await Client.GetAsync("/api/articles/slug/" + Uri.EscapeDataString(slug), Ct);
        var suggestions = await Client.GetAsync($"/api/articles/slug/{Uri.EscapeDataString(slug)}/suggestions", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
        await ReadProblemAsync(suggestions, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/articles/slug/" + article.Slug, Ct)).StatusCode);
    }

    [Theory]
    [InlineData("upper")]
    [InlineData("trailing space")]
    public async Task GetTagBySlug_WithAnotherCaseOrTrailingSpace_Returns404(string variant)
    {
        var tag = await CreateTagAsync();

        var response = await Client.GetAsync("/api/tags/slug/" + Uri.EscapeDataString(Variant(tag.Slug, variant)), Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/tags/slug/" + tag.Slug, Ct)).StatusCode);
    }

    private static string Variant(string slug, string variant) =>
        variant == "upper" ? char.ToUpperInvariant(slug[0]) + slug[1..] : slug + " ";
}
