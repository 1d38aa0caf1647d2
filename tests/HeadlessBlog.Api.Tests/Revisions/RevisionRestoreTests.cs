using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Revisions;

public sealed class RevisionRestoreOnSqlite(SqliteApiFactory factory) : RevisionRestoreTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class RevisionRestoreOnSqlServer(SqlServerApiFactory factory) : RevisionRestoreTests<SqlServerApiFactory>(factory);

/// <summary>Restoring a revision makes its snapshot the article's content again, guarded by If-Match.</summary>
public abstract class RevisionRestoreTests<TFactory>(TFactory factory) : RevisionTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Restore_BringsBackTheSnapshotExactly_AsANewVersionAndRevision()
    {
        var first = await CreatePublishedArticleAsync();
        var second = await CreatePublishedArticleAsync();
        var created = await CreateArticleAsync(new
        {
            title = Unique("Original "),
            summary = "The original summary.",
            body = "# Original\n\nFirst paragraph.\n\nSecond paragraph.",
            featureImageUrl = "https://example.com/original.png",
            status = "published",
            publishedAt = "2026-01-15T10:30:00Z",
            tags = new[] { "Beta " + Unique(), "Alpha " + Unique() },
            relatedArticleIds = new[] { second.Id, first.Id },
        });
        var before = await GetArticleAsync(created.Id);
        await PutAsync(created.Id, new
        {
            title = Unique("Edited "),
            slug = Unique("edited-"),
            body = "Everything changed.",
            status = "draft",
            tags = new[] { "Gamma " + Unique() },
            relatedArticleIds = new[] { first.Id },
        });
        await PutAsync(created.Id, new { title = Unique("Edited again "), body = "Again.", summary = "Another summary." });

        var response = await RestoreAsync(created.Id, 1, await ETagAsync(created.Id));

        var json = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, json);
        var restored = JsonSerializer.Deserialize<ArticleResponse>(json, JsonSerializerOptions.Web)!;
        var after = await GetArticleAsync(created.Id);
        foreach (var article in new[] { restored, after })
        {
            Assert.Equal(before.Title, article.Title);
            Assert.Equal(before.Slug, article.Slug);
            Assert.Equal(before.Summary, article.Summary);
            Assert.Equal(before.Body, article.Body);
            Assert.Equal(before.BodyHtml, article.BodyHtml);
            Assert.Equal(before.FeatureImageUrl, article.FeatureImageUrl);
            Assert.Equal(before.Status, article.Status);
            Assert.Equal(before.PublishedAt, article.PublishedAt);
            Assert.Equal(before.Excerpt, article.Excerpt);
            Assert.Equal(before.WordCount, article.WordCount);
            Assert.Equal(before.Tags, article.Tags);
            Assert.Equal(before.Related.Select(r => r.Id), article.Related.Select(r => r.Id));
            Assert.NotEqual(before.Version, article.Version);
        }

        Assert.Equal($"\"{after.Version}\"", response.Headers.ETag?.Tag);
        var newest = (await RevisionsAsync(created.Id))[0];
        Assert.Equal(4, newest.Number);
        Assert.Equal(1, newest.RestoredFrom);
        Assert.Equal(after.Version, newest.Version);
        Assert.Contains("title", newest.ChangedFields);
        Assert.Empty(JsonDocument.Parse(json).RootElement.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task Restore_WithoutIfMatch_Returns428()
    {
        var article = await CreatePublishedArticleAsync();

        var response = await RestoreAsync(article.Id, 1, etag: null);

        await ReadProblemAsync(response, HttpStatusCode.PreconditionRequired);
    }

    [Fact]
    public async Task Restore_WithAStaleETag_Returns412_AndChangesNothing()
    {
        var article = await CreatePublishedArticleAsync();
        var stale = await ETagAsync(article.Id);
        await PutAsync(article.Id, new { title = Unique("Changed "), body = "Changed." });

        var response = await RestoreAsync(article.Id, 1, stale);

        await ReadProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(2, (await RevisionsAsync(article.Id)).Count);
    }

    [Fact]
    public async Task Restore_EightAtOnceWithOneETag_OneSucceeds_SevenGet412()
    {
        var article = await CreatePublishedArticleAsync();
        await PutAsync(article.Id, new { title = Unique("Changed "), body = "Changed.", tags = new[] { "Parallel " + Unique() } });
        var etag = await ETagAsync(article.Id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => RestoreAsync(article.Id, 1, etag)));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) == 1, string.Join(", ", statuses));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.PreconditionFailed));
        Assert.Equal(3, (await RevisionsAsync(article.Id)).Count);
    }

    [Fact]
    public async Task Restore_CreatesDeletedTagsAgain_AndDropsDeletedRelatedArticlesWithAWarning()
    {
        var gone = await CreatePublishedArticleAsync();
        var kept = await CreatePublishedArticleAsync();
        var tagName = "Vanished " + Unique();
        var article = await CreatePublishedArticleAsync(tags: [tagName], related: [gone.Id, kept.Id]);
        var tag = Assert.Single(article.Tags);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/tags/{tag.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/articles/{gone.Id}?permanent=true", Ct)).StatusCode);

        var response = await RestoreAsync(article.Id, 1, await ETagAsync(article.Id));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var warning = Assert.Single(json.GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Contains(gone.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), warning, StringComparison.Ordinal);
        var restored = await GetArticleAsync(article.Id);
        Assert.Equal([tagName], restored.Tags.Select(t => t.Name));
        Assert.Equal([kept.Id], restored.Related.Select(r => r.Id));
    }

    [Fact]
    public async Task Restore_WhenTheSlugWasTakenMeanwhile_Returns409()
    {
        var article = await CreatePublishedArticleAsync();
        await PutAsync(article.Id, new { title = article.Title, slug = Unique("moved-"), body = "Moved." });
        await CreateArticleAsync(new { title = Unique("Squatter "), slug = article.Slug, body = "Mine now." });

        var response = await RestoreAsync(article.Id, 1, await ETagAsync(article.Id));

        await ReadProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(2, (await RevisionsAsync(article.Id)).Count);
    }

    [Fact]
    public async Task Restore_OfAnUnknownRevision_Returns404()
    {
        var article = await CreatePublishedArticleAsync();

        var response = await RestoreAsync(article.Id, 99, await ETagAsync(article.Id));

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Restore_WithAReadOnlyKey_Returns403()
    {
        var article = await CreatePublishedArticleAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/articles/{article.Id}/revisions/1/restore");
        request.Headers.Add("X-Api-Key", Factory.ReadKey);
        request.Headers.Add("If-Match", await ETagAsync(article.Id));

        var response = await Factory.CreateAnonymousClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
