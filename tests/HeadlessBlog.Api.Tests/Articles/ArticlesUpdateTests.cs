using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Articles;

public sealed class ArticlesUpdateOnSqlite(SqliteApiFactory factory) : ArticlesUpdateTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ArticlesUpdateOnSqlServer(SqlServerApiFactory factory) : ArticlesUpdateTests<SqlServerApiFactory>(factory);

/// <summary>PUT /api/articles/{id}: the replacement of every field, slugs, links, versions and publication times.</summary>
public abstract class ArticlesUpdateTests<TFactory>(TFactory factory) : ArticlesTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Update_ReplacesEveryField_Returns200()
    {
        var token = Unique();
        var relatedBefore = await CreatePublishedArticleAsync();
        var relatedAfter = await CreatePublishedArticleAsync();
        var created = await CreateArticleAsync(new
        {
            title = $"Before {token}",
            summary = "Old summary",
            body = "Old body",
            featureImageUrl = "https://example.com/old.png",
            status = "published",
            tags = new[] { $"Old tag {token}" },
            relatedArticleIds = new[] { relatedBefore.Id },
        });

        var response = await Client.PutAsJsonAsync($"/api/articles/{created.Id}", new
        {
            title = $"After {token}",
            slug = $"after-{token}",
            body = "New body",
            status = "published",
            tags = new[] { $"New tag {token}" },
            relatedArticleIds = new[] { relatedAfter.Id },
        }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct);
        Assert.NotNull(updated);
        Assert.Equal(created.Id, updated.Id);
        Assert.Equal($"After {token}", updated.Title);
        Assert.Equal($"after-{token}", updated.Slug);
        Assert.Equal("New body", updated.Body);
        Assert.Null(updated.Summary);
        Assert.Null(updated.FeatureImageUrl);
        Assert.Equal([$"New tag {token}"], updated.Tags.Select(t => t.Name));
        Assert.Equal([relatedAfter.Id], updated.Related.Select(r => r.Id));
        Assert.Equal(created.CreatedAt, updated.CreatedAt);
        Assert.True(updated.UpdatedAt > created.UpdatedAt, $"updatedAt {updated.UpdatedAt:O} is not after {created.UpdatedAt:O}");

        var stored = await GetArticleAsync(created.Id);
        Assert.Equal("New body", stored.Body);
        Assert.Equal(updated.Version, stored.Version);
    }

    [Fact]
    public async Task Update_WithoutSlug_KeepsCurrentSlug()
    {
        var created = await CreateArticleAsync(new { title = Unique("Original "), slug = Unique("kept-"), body = Body });

        var updated = await PutAsync(created.Id, new { title = Unique("Renamed "), body = Body });

        Assert.Equal(created.Slug, updated.Slug);
        Assert.NotEqual(created.Title, updated.Title);
    }

    [Fact]
    public async Task Update_WithNewSlug_MovesTheArticleToIt()
    {
        var created = await CreatePublishedArticleAsync();
        var slug = Unique("moved-");

        await PutAsync(created.Id, new { title = created.Title, slug, body = Body, status = "published" });

        var moved = await Client.GetFromJsonAsync<ArticleResponse>($"/api/articles/slug/{slug}", Ct);
        Assert.Equal(created.Id, moved?.Id);
        // The old slug keeps working: it redirects to the current one.
        var viaOldSlug = await Client.GetAsync($"/api/articles/slug/{created.Slug}", Ct);
        Assert.Equal(HttpStatusCode.OK, viaOldSlug.StatusCode);
        Assert.EndsWith($"/api/articles/slug/{slug}", viaOldSlug.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_WithItsOwnSlug_Returns200()
    {
        var created = await CreatePublishedArticleAsync();

        var updated = await PutAsync(created.Id, new { title = created.Title, slug = created.Slug, body = "Changed", status = "published" });

        Assert.Equal(created.Slug, updated.Slug);
        Assert.Equal("Changed", updated.Body);
    }

    [Fact]
    public async Task Update_WithSlugOfAnotherArticle_Returns409AndChangesNothing()
    {
        var other = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync();

        var response = await Client.PutAsJsonAsync(
            $"/api/articles/{article.Id}", new { title = article.Title, slug = other.Slug, body = "Changed", status = "published" }, Ct);

        await ReadProblemAsync(response, HttpStatusCode.Conflict);
        var stored = await GetArticleAsync(article.Id);
        Assert.Equal(article.Slug, stored.Slug);
        Assert.Equal(Body, stored.Body);
    }

    [Fact]
    public async Task Update_WithInvalidFields_Returns400NamingThemAndChangesNothing()
    {
        var article = await CreatePublishedArticleAsync();

        var response = await Client.PutAsJsonAsync($"/api/articles/{article.Id}", new
        {
            title = "",
            body = "Changed",
            featureImageUrl = "ftp://example.com/a.png",
            status = "public",
        }, Ct);

        await AssertValidationErrorsAsync(response, "featureImageUrl", "status", "title");
        var stored = await GetArticleAsync(article.Id);
        Assert.Equal(article.Title, stored.Title);
        Assert.Equal(article.Version, stored.Version);
    }

    [Fact]
    public async Task Update_UnknownArticle_Returns404Problem()
    {
        var id = await UnknownArticleIdAsync();

        var response = await Client.PutAsJsonAsync($"/api/articles/{id}", NewRequest(), Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_WithItselfInRelatedArticleIds_Returns400()
    {
        var other = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync();

        var response = await Client.PutAsJsonAsync(
            $"/api/articles/{article.Id}", new { title = article.Title, body = Body, relatedArticleIds = new[] { other.Id, article.Id } }, Ct);

        await AssertValidationErrorsAsync(response, "relatedArticleIds");
        Assert.Empty((await GetArticleAsync(article.Id)).Related);
    }

    [Fact]
    public async Task Update_WithUnknownRelatedArticleId_Returns400NamingIt()
    {
        var article = await CreatePublishedArticleAsync();
        var unknown = await UnknownArticleIdAsync();

        var response = await Client.PutAsJsonAsync(
            $"/api/articles/{article.Id}", new { title = article.Title, body = Body, relatedArticleIds = new[] { unknown } }, Ct);

        var problem = await AssertValidationErrorsAsync(response, "relatedArticleIds");
        Assert.Contains(
            unknown.ToString(CultureInfo.InvariantCulture),
            problem.GetProperty("errors").GetProperty("relatedArticleIds")[0].GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_WithTagsInNewOrder_ReordersThem_FirstIsPrimary()
    {
        var token = Unique();
        string[] names = [$"One {token}", $"Two {token}", $"Three {token}"];
        var article = await CreatePublishedArticleAsync(tags: names);

        var updated = await PutAsync(article.Id, new { title = article.Title, body = Body, status = "published", tags = new[] { names[2], names[0] } });

        Assert.Equal([names[2], names[0]], updated.Tags.Select(t => t.Name));
        Assert.Equal(
            [article.Tags[2].Id, article.Tags[0].Id],
            (await GetArticleAsync(article.Id)).Tags.Select(t => t.Id));
    }

    [Fact]
    public async Task Update_WithRelatedInNewOrder_ReordersThem()
    {
        var a = await CreatePublishedArticleAsync();
        var b = await CreatePublishedArticleAsync();
        var c = await CreatePublishedArticleAsync();
        var article = await CreatePublishedArticleAsync(related: [a.Id, b.Id]);

        var updated = await PutAsync(article.Id, new { title = article.Title, body = Body, status = "published", relatedArticleIds = new[] { c.Id, b.Id, a.Id } });

        Assert.Equal([c.Id, b.Id, a.Id], updated.Related.Select(r => r.Id));
        Assert.Equal([c.Id, b.Id, a.Id], (await GetArticleAsync(article.Id)).Related.Select(r => r.Id));
    }

    [Fact]
    public async Task Update_ChangesVersionEachTime()
    {
        var article = await CreatePublishedArticleAsync();

        var first = await PutAsync(article.Id, new { title = article.Title, body = "First edit", status = "published" });
        var second = await PutAsync(article.Id, new { title = article.Title, body = "First edit", status = "published" });

        Assert.False(string.IsNullOrEmpty(article.Version));
        Assert.NotEqual(article.Version, first.Version);
        Assert.NotEqual(first.Version, second.Version);
    }

    [Fact]
    public async Task Update_PublishingADraftWithoutPublishedAt_SetsPublishedAtToNow()
    {
        var draft = await CreateArticleAsync(NewRequest());
        var before = Factory.Clock.GetUtcNow().UtcDateTime;

        var published = await PutAsync(draft.Id, new { title = draft.Title, body = Body, status = "published" });

        var after = Factory.Clock.GetUtcNow().UtcDateTime;
        Assert.Null(draft.PublishedAt);
        Assert.Equal("published", published.Status);
        Assert.NotNull(published.PublishedAt);
        Assert.InRange(published.PublishedAt.Value, before.AddSeconds(-1), after.AddSeconds(1));
    }

    [Fact]
    public async Task Update_UnpublishedAndRepublishedWithoutPublishedAt_KeepsPublishedAt()
    {
        var created = await CreatePublishedAtAsync(Unique("Lifecycle "), "2024-05-01T10:00:00Z");

        var unpublished = await PutAsync(created.Id, new { title = created.Title, body = Body, status = "draft" });
        var republished = await PutAsync(created.Id, new { title = created.Title, body = Body, status = "published" });

        var expected = new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc);
        Assert.Equal("draft", unpublished.Status);
        Assert.Equal(expected, unpublished.PublishedAt);
        Assert.Equal("published", republished.Status);
        Assert.Equal(expected, republished.PublishedAt);
    }

    [Fact]
    public async Task Update_RepublishedWithNewPublishedAt_UsesTheNewOne()
    {
        var created = await CreatePublishedAtAsync(Unique("Lifecycle "), "2024-05-01T10:00:00Z");
        await PutAsync(created.Id, new { title = created.Title, body = Body, status = "draft" });

        var republished = await PutAsync(created.Id, new { title = created.Title, body = Body, status = "published", publishedAt = "2025-02-03T04:05:06Z" });

        Assert.Equal(new DateTime(2025, 2, 3, 4, 5, 6, DateTimeKind.Utc), republished.PublishedAt);
        Assert.Equal(republished.PublishedAt, (await GetArticleAsync(created.Id)).PublishedAt);
    }
}
