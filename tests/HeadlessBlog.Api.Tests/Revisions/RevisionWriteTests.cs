using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Revisions;

public sealed class RevisionWriteOnSqlite(SqliteApiFactory factory) : RevisionWriteTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class RevisionWriteOnSqlServer(SqlServerApiFactory factory) : RevisionWriteTests<SqlServerApiFactory>(factory);

/// <summary>Every write that changes an article stores exactly one revision, with its actor and changed fields.</summary>
public abstract class RevisionWriteTests<TFactory>(TFactory factory) : RevisionTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Create_StoresRevisionOne_WithTheSnapshotTheActorAndTheFieldsSet()
    {
        var (keyId, writer) = NewWriter("Ada " + Unique());
        var other = await CreatePublishedArticleAsync();
        var response = await writer.PostAsJsonAsync("/api/articles", new
        {
            title = Unique("Snapshot "),
            summary = "A summary.",
            body = "Line one.\nLine two.",
            featureImageUrl = "https://example.com/a.png",
            status = "published",
            tags = new[] { "Zeta " + Unique(), "Alpha " + Unique() },
            relatedArticleIds = new[] { other.Id },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var article = (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;

        var revision = Assert.Single(await RevisionsAsync(article.Id));
        Assert.Equal(1, revision.Number);
        Assert.Equal(article.Version, revision.Version);
        Assert.Equal(keyId, revision.Actor.KeyId);
        Assert.StartsWith("Ada ", revision.Actor.Name, StringComparison.Ordinal);
        Assert.Equal(
            ["body", "featureImageUrl", "publishedAt", "related", "slug", "status", "summary", "tags", "title"],
            revision.ChangedFields.Order(StringComparer.Ordinal));
        Assert.Null(revision.RestoredFrom);

        var snapshot = await RevisionAsync(article.Id, 1);
        Assert.Equal(article.Title, snapshot.Title);
        Assert.Equal(article.Slug, snapshot.Slug);
        Assert.Equal("A summary.", snapshot.Summary);
        Assert.Equal("Line one.\nLine two.", snapshot.Body);
        Assert.Equal("https://example.com/a.png", snapshot.FeatureImageUrl);
        Assert.Equal("published", snapshot.Status);
        Assert.Equal(article.PublishedAt, snapshot.PublishedAt);
        Assert.Equal(article.Tags.Select(t => t.Name), snapshot.Tags);
        Assert.Equal([other.Id], snapshot.RelatedArticleIds);
    }

    [Fact]
    public async Task EachWrite_StoresExactlyOneRevision_NamingWhatItChanged()
    {
        var article = await CreateArticleAsync(new { title = Unique("Draft "), body = "Body." });
        var target = await CreatePublishedArticleAsync();

        await PutAsync(article.Id, new { title = article.Title, body = "New body." });
        await PutAsync(article.Id, new { title = article.Title, body = "New body.", status = "published" });
        await PutAsync(article.Id, new { title = article.Title, body = "New body.", status = "draft" });
        var linked = await Client.PostAsJsonAsync($"/api/articles/{article.Id}/related", new { articleId = target.Id }, Ct);
        Assert.Equal(HttpStatusCode.Created, linked.StatusCode);
        var unlinked = await Client.DeleteAsync($"/api/articles/{article.Id}/related/{target.Id}", Ct);
        Assert.True(unlinked.IsSuccessStatusCode);

        var revisions = await RevisionsAsync(article.Id);
        Assert.Equal([6, 5, 4, 3, 2, 1], revisions.Select(r => r.Number));
        Assert.Equal(["related"], revisions[0].ChangedFields);
        Assert.Equal(["related"], revisions[1].ChangedFields);
        Assert.Equal(["status"], revisions[2].ChangedFields);
        Assert.Equal(["status", "publishedAt"], revisions[3].ChangedFields);
        Assert.Equal(["body"], revisions[4].ChangedFields);
        Assert.All(revisions, r => Assert.Equal("Test editor", r.Actor.Name));
        Assert.Equal((await GetArticleAsync(article.Id)).Version, revisions[0].Version);
        Assert.Equal("draft", revisions[2].Status);
    }

    [Fact]
    public async Task ReciprocalLink_StoresOneRevisionOfEachArticle()
    {
        var first = await CreatePublishedArticleAsync();
        var second = await CreatePublishedArticleAsync();

        var linked = await Client.PostAsJsonAsync($"/api/articles/{first.Id}/related", new { articleId = second.Id, reciprocal = true }, Ct);

        Assert.Equal(HttpStatusCode.Created, linked.StatusCode);
        Assert.Equal([[second.Id], [first.Id]], [(await RevisionAsync(first.Id, 2)).RelatedArticleIds, (await RevisionAsync(second.Id, 2)).RelatedArticleIds]);
        Assert.Equal(2, (await RevisionsAsync(first.Id)).Count);
        Assert.Equal(2, (await RevisionsAsync(second.Id)).Count);
    }

    [Fact]
    public async Task RenamingOrDeletingATag_StoresNoRevisionOfItsArticles()
    {
        var tag = await CreateTagAsync();
        var article = await CreatePublishedArticleAsync(tags: [tag.Name]);

        var renamed = await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name = Unique("Renamed ") }, Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var deleted = await Client.DeleteAsync($"/api/tags/{tag.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        Assert.Single(await RevisionsAsync(article.Id));
    }

    [Fact]
    public async Task UnchangedPut_StoresNoRevision()
    {
        var article = await CreatePublishedArticleAsync();

        await PutAsync(article.Id, new { title = article.Title, body = "Some **Markdown** body.", status = "published", publishedAt = article.PublishedAt });

        Assert.Single(await RevisionsAsync(article.Id));
    }
}
