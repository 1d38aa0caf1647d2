using System.Globalization;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Articles;

public sealed class ArticlesCreateLinksOnSqlite(SqliteApiFactory factory) : ArticlesCreateLinksTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ArticlesCreateLinksOnSqlServer(SqlServerApiFactory factory) : ArticlesCreateLinksTests<SqlServerApiFactory>(factory);

/// <summary>POST /api/articles: the tags and related articles a new article names.</summary>
public abstract class ArticlesCreateLinksTests<TFactory>(TFactory factory) : ArticlesTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Create_WithTags_KeepsTheirOrder_FirstIsPrimary()
    {
        var token = Unique();
        string[] names = [$"Zeta {token}", $"Alpha {token}", $"Mu {token}"];

        var article = await CreatePublishedArticleAsync($"Tagged {token}", tags: names);

        Assert.Equal(names, article.Tags.Select(t => t.Name));
        var stored = await GetArticleAsync(article.Id);
        Assert.Equal(names, stored.Tags.Select(t => t.Name));
        var listed = Assert.Single((await ListAsync($"q={token}")).Items);
        Assert.Equal(names, listed.Tags.Select(t => t.Name));
    }

    [Fact]
    public async Task Create_WithTagNamesMatchingExistingTagsCaseInsensitivelyByNameOrSlug_ReusesThem()
    {
        var byName = await CreateTagAsync(Unique("Machine Learning "));
        var bySlug = await CreateTagAsync(Unique("Open Source "));

        var article = await CreatePublishedArticleAsync(tags: [byName.Name.ToUpperInvariant(), bySlug.Slug.ToUpperInvariant()]);

        Assert.Equal([byName.Id, bySlug.Id], article.Tags.Select(t => t.Id));
        Assert.Equal([byName.Name, bySlug.Name], article.Tags.Select(t => t.Name));
        Assert.Equal([byName.Slug, bySlug.Slug], article.Tags.Select(t => t.Slug));
    }

    [Fact]
    public async Task Create_WithUnknownTagName_CreatesTheTag()
    {
        var name = Unique("Brand New ");

        var article = await CreatePublishedArticleAsync(tags: [name]);

        var tagRef = Assert.Single(article.Tags);
        Assert.Equal(name, tagRef.Name);
        var tag = await Client.GetFromJsonAsync<TagResponse>($"/api/tags/slug/{tagRef.Slug}", Ct);
        Assert.NotNull(tag);
        Assert.Equal(tagRef.Id, tag.Id);
        Assert.Equal(name, tag.Name);
        Assert.Equal(1, tag.ArticleCount);
    }

    [Fact]
    public async Task Create_WithSameTagNameTwiceInOtherCase_AssignsAndCreatesItOnce()
    {
        var name = Unique("Twice ");

        var article = await CreatePublishedArticleAsync(tags: [name, name.ToUpperInvariant(), "  " + name + "  "]);

        var tagRef = Assert.Single(article.Tags);
        Assert.Equal(name, tagRef.Name);
        var tags = await Client.GetFromJsonAsync<PagedResponse<TagResponse>>($"/api/tags?q={Uri.EscapeDataString(name)}", Ct);
        Assert.NotNull(tags);
        Assert.Equal(tagRef.Id, Assert.Single(tags.Items).Id);
    }

    [Fact]
    public async Task Create_WithRelatedArticleIds_ReturnsRelatedSummariesInLinkOrder()
    {
        var a = await CreatePublishedArticleAsync();
        var b = await CreatePublishedArticleAsync();
        var c = await CreatePublishedArticleAsync();

        var article = await CreatePublishedArticleAsync(related: [c.Id, a.Id, b.Id]);

        Assert.Equal([c.Id, a.Id, b.Id], article.Related.Select(r => r.Id));
        Assert.Equal([c.Title, a.Title, b.Title], article.Related.Select(r => r.Title));
        var json = await GetArticleJsonAsync(article.Id);
        var related = json.GetProperty("related").EnumerateArray().ToArray();
        Assert.Equal([c.Id, a.Id, b.Id], related.Select(r => r.GetProperty("id").GetInt32()));
        Assert.All(related, r => Assert.Equal(SummaryFields, PropertyNames(r)));
    }

    [Fact]
    public async Task Create_WithUnknownRelatedArticleIds_Returns400NamingEveryUnknownId()
    {
        var token = Unique();
        var known = await CreatePublishedArticleAsync();
        var unknown1 = await UnknownArticleIdAsync();
        var unknown2 = await UnknownArticleIdAsync();
        var request = NewRequest($"Unknown related {token}");
        request["status"] = "published";
        request["relatedArticleIds"] = new[] { known.Id, unknown1, unknown2 };

        var response = await Client.PostAsJsonAsync("/api/articles", request, Ct);

        var problem = await AssertValidationErrorsAsync(response, "relatedArticleIds");
        var message = string.Join(" ", problem.GetProperty("errors").GetProperty("relatedArticleIds").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(unknown1.ToString(CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        Assert.Contains(unknown2.ToString(CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        Assert.Empty((await ListAsync($"q={token}&status=all")).Items);
    }

    [Fact]
    public async Task Create_WithDuplicateRelatedArticleId_Returns400()
    {
        var other = await CreatePublishedArticleAsync();
        var request = NewRequest();
        request["relatedArticleIds"] = new[] { other.Id, other.Id };

        var response = await Client.PostAsJsonAsync("/api/articles", request, Ct);

        await AssertValidationErrorsAsync(response, "relatedArticleIds");
    }
}
