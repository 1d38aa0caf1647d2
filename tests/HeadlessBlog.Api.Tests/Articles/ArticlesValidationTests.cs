using System.Net.Http.Json;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Articles;

public sealed class ArticlesValidationOnSqlite(SqliteApiFactory factory) : ArticlesValidationTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ArticlesValidationOnSqlServer(SqlServerApiFactory factory) : ArticlesValidationTests<SqlServerApiFactory>(factory);

/// <summary>POST /api/articles: which fields are refused, and the limits a field may reach.</summary>
public abstract class ArticlesValidationTests<TFactory>(TFactory factory) : ArticlesTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Theory]
    [InlineData("title", null)]
    [InlineData("title", "")]
    [InlineData("title", "   ")]
    [InlineData("body", null)]
    [InlineData("body", "")]
    [InlineData("body", "  \n ")]
    [InlineData("slug", "")]
    [InlineData("slug", "Upper-Case")]
    [InlineData("slug", "two--hyphens")]
    [InlineData("slug", "-leading-hyphen")]
    [InlineData("slug", "trailing-hyphen-")]
    [InlineData("slug", "under_score")]
    [InlineData("slug", "with space")]
    [InlineData("slug", "café")]
    [InlineData("featureImageUrl", "ftp://example.com/image.png")]
    [InlineData("featureImageUrl", "/images/image.png")]
    [InlineData("featureImageUrl", "images/image.png")]
    [InlineData("featureImageUrl", "not a url")]
    [InlineData("status", "archived")]
    [InlineData("status", "Published")]
    [InlineData("status", "")]
    public async Task Create_WithInvalidField_Returns400NamingIt(string field, string? value)
    {
        var request = NewRequest();
        request[field] = value;

        var response = await Client.PostAsJsonAsync("/api/articles", request, Ct);

        await AssertValidationErrorsAsync(response, field);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("body")]
    public async Task Create_WithoutRequiredField_Returns400NamingIt(string field)
    {
        var request = NewRequest();
        request.Remove(field);

        var response = await Client.PostAsJsonAsync("/api/articles", request, Ct);

        await AssertValidationErrorsAsync(response, field);
    }

    [Theory]
    [InlineData("title", 201)]
    [InlineData("slug", 201)]
    [InlineData("summary", 501)]
    [InlineData("body", 500_001)]
    [InlineData("featureImageUrl", 2_001)]
    public async Task Create_WithFieldOverItsMaximumLength_Returns400NamingIt(string field, int length)
    {
        var request = NewRequest();
        request[field] = TextOfLength(field, length);

        var response = await Client.PostAsJsonAsync("/api/articles", request, Ct);

        await AssertValidationErrorsAsync(response, field);
    }

    [Theory]
    [InlineData("title", 200)]
    [InlineData("slug", 200)]
    [InlineData("summary", 500)]
    [InlineData("body", 500_000)]
    [InlineData("featureImageUrl", 2_000)]
    public async Task Create_WithFieldAtItsMaximumLength_Returns201AndStoresIt(string field, int length)
    {
        var value = TextOfLength(field, length);
        var request = NewRequest();
        request["status"] = "published";
        request[field] = value;

        var created = await CreateArticleAsync(request);

        var json = await GetArticleJsonAsync(created.Id);
        Assert.Equal(value, json.GetProperty(field).GetString());
    }

    [Fact]
    public async Task Create_WithTitleOf200CharactersAfterTrimming_Returns201()
    {
        var title = Unique() + new string('b', 189);

        var article = await CreateArticleAsync(NewRequest("  " + title + "  "));

        Assert.Equal(title, article.Title);
    }

    [Theory]
    [InlineData("http://example.com/cover.png")]
    [InlineData("https://cdn.example.com/images/cover.webp?size=large")]
    public async Task Create_WithHttpOrHttpsFeatureImageUrl_Returns201(string url)
    {
        var request = NewRequest();
        request["featureImageUrl"] = url;

        var article = await CreateArticleAsync(request);

        Assert.Equal(url, article.FeatureImageUrl);
    }

    [Fact]
    public async Task Create_WithManyInvalidFields_Returns400NamingEveryFieldInCamelCase()
    {
        var response = await Client.PostAsJsonAsync("/api/articles", new
        {
            title = " ",
            slug = "Not A Slug",
            summary = new string('s', 501),
            featureImageUrl = "ftp://example.com/cover.png",
            status = "archived",
        }, Ct);

        await AssertValidationErrorsAsync(response, "body", "featureImageUrl", "slug", "status", "summary", "title");
    }

    /// <summary>Unique text of exactly <paramref name="length"/> characters that is valid for <paramref name="field"/> apart from its length.</summary>
    private static string TextOfLength(string field, int length)
    {
        var start = field == "featureImageUrl" ? $"https://example.com/{Unique()}/" : Unique();
        return start + new string('x', length - start.Length);
    }
}
