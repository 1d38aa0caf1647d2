using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Security;

public sealed class ConcurrencyAllOrNothingOnSqlite(RaceSqliteFactory factory) : ConcurrencyAllOrNothingTests<RaceSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ConcurrencyAllOrNothingOnSqlServer(RaceSqlServerFactory factory) : ConcurrencyAllOrNothingTests<RaceSqlServerFactory>(factory);

/// <summary>All or nothing: a change refused midway, or made stale just before a delete, leaves the article, its tags and its links as they were.</summary>
public abstract class ConcurrencyAllOrNothingTests<TFactory>(TFactory factory) : ConcurrencyTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IRaceFactory
{

    [Fact]
    public async Task Put_WhenItsNewTagNameIsTakenAtSaveTime_Answers409_AndLeavesTheArticleIntact()
    {
        var token = Unique();
        var fixture = await CreateLinkedArticleAsync(token);
        var colliding = $"Collide {token}";
        var fresh = $"Fresh {token}";
        HttpResponseMessage? other = null;
        Factory.Race.Arm(Race.AddingTag(colliding), async () => other = await Client.PostAsJsonAsync("/api/tags", new { name = colliding }, Ct));

        HttpResponseMessage response;
        try
        {
            response = await Client.PutAsJsonAsync(fixture.Url, new
            {
                title = $"Changed {token}",
                body = "Changed body.",
                status = "published",
                tags = new[] { fixture.TagName, fresh, colliding },
                relatedArticleIds = new[] { fixture.OtherTargetId },
            }, Ct);
        }
        finally
        {
            Factory.Race.Disarm();
        }

        Assert.True(Factory.Race.Fired, "The save never tried to create the tag.");
        Assert.Null(Factory.Race.Failure);
        Assert.Equal(HttpStatusCode.Created, other!.StatusCode);
        await ReadProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(fixture.Before, await EditorViewAsync(fixture.Url));
        Assert.Equal(0, await TagCountAsync(fresh));
        Assert.Equal(1, await TagCountAsync(colliding));
    }

    [Theory]
    [InlineData("unknown related article", HttpStatusCode.BadRequest)]
    [InlineData("related to itself", HttpStatusCode.BadRequest)]
    [InlineData("slug of another article", HttpStatusCode.Conflict)]
    [InlineData("tag name too long", HttpStatusCode.BadRequest)]
    public async Task Put_RefusedAfterSomeFieldsWereValid_LeavesTheArticleIntact(string fault, HttpStatusCode expected)
    {
        var token = Unique();
        var fixture = await CreateLinkedArticleAsync(token);
        var fresh = $"Fresh {token}";
        var taken = await CreatePublishedArticleAsync();

        var response = await Client.PutAsJsonAsync(fixture.Url, new
        {
            title = $"Changed {token}",
            slug = fault == "slug of another article" ? taken.Slug : null,
            body = "Changed body.",
            status = "published",
            tags = fault == "tag name too long" ? new[] { fresh, new string('x', 65) } : new[] { fresh },
            relatedArticleIds = fault switch
            {
                "unknown related article" => new[] { fixture.OtherTargetId, int.MaxValue },
                "related to itself" => new[] { fixture.OtherTargetId, fixture.Id },
                _ => new[] { fixture.OtherTargetId },
            },
        }, Ct);

        await ReadProblemAsync(response, expected);
        Assert.Equal(fixture.Before, await EditorViewAsync(fixture.Url));
        Assert.Equal(0, await TagCountAsync(fresh));
    }

    [Theory]
    [InlineData("PUT related with an unknown id")]
    [InlineData("POST related at a position past the end")]
    [InlineData("POST related of an article already linked")]
    [InlineData("POST related of an unknown article")]
    public async Task RelatedChange_RefusedMidway_LeavesTheLinksIntact(string fault)
    {
        var fixture = await CreateLinkedArticleAsync(Unique());
        var related = fixture.Url + "/related";

        var response = fault switch
        {
            "PUT related with an unknown id" => await Client.PutAsJsonAsync(related, new { articleIds = new[] { fixture.OtherTargetId, int.MaxValue } }, Ct),
            "POST related at a position past the end" => await Client.PostAsJsonAsync(related, new { articleId = fixture.OtherTargetId, position = 5 }, Ct),
            "POST related of an article already linked" => await Client.PostAsJsonAsync(related, new { articleId = fixture.TargetId, reciprocal = true }, Ct),
            _ => await Client.PostAsJsonAsync(related, new { articleId = int.MaxValue, reciprocal = true }, Ct),
        };

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict, $"{(int)response.StatusCode}");
        await ReadProblemAsync(response, response.StatusCode);
        Assert.Equal(fixture.Before, await EditorViewAsync(fixture.Url));
        Assert.Equal(fixture.OtherTargetBefore, await EditorViewAsync($"/api/articles/{fixture.OtherTargetId}"));
        Assert.Equal(fixture.TargetBefore, await EditorViewAsync($"/api/articles/{fixture.TargetId}"));
    }

    [Fact]
    public async Task DeleteArticle_WhenChangedJustBeforeTheDelete_Answers412_AndKeepsItsIncomingLinks()
    {
        var article = await CreatePublishedArticleAsync();
        var url = $"/api/articles/{article.Id}";
        var linker = await CreatePublishedArticleAsync(related: [article.Id]);
        var ifMatch = await ETagAsync(url);
        HttpResponseMessage? other = null;
        Factory.Race.Arm(Race.DeletingArticle(), async () => other = await EditAsync(url, " (other editor)"));

        HttpResponseMessage response;
        try
        {
            response = await SendAsync(new WriteCall("DELETE", HttpMethod.Delete, url, null, url, url, HttpStatusCode.NoContent),
                key: null, ifMatch: ifMatch, client: NoIfMatch);
        }
        finally
        {
            Factory.Race.Disarm();
        }

        Assert.True(Factory.Race.Fired);
        Assert.Null(Factory.Race.Failure);
        Assert.Equal(HttpStatusCode.OK, other!.StatusCode);
        await ReadProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.OK, (await Editor.GetAsync(url, Ct)).StatusCode);
        Assert.Equal([article.Id], await RelatedIdsAsync($"/api/articles/{linker.Id}"));
    }

    private async Task<string> EditorViewAsync(string url)
    {
        var response = await Editor.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private async Task<int> TagCountAsync(string name)
    {
        var page = await Editor.GetFromJsonAsync<PagedResponse<TagResponse>>($"/api/tags?q={Uri.EscapeDataString(name)}", Ct);
        return page!.Items.Count(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    private sealed record LinkedArticle(
        int Id, string Url, string TagName, int TargetId, int OtherTargetId, string Before, string TargetBefore, string OtherTargetBefore);

    /// <summary>A published article with a tag and a related article, plus another article it does not link; with the editor's views of all three.</summary>
    private async Task<LinkedArticle> CreateLinkedArticleAsync(string token)
    {
        var tagName = $"Kept {token}";
        var target = await CreatePublishedArticleAsync();
        var otherTarget = await CreatePublishedArticleAsync();
        var article = await CreateArticleAsync(new
        {
            title = $"Original {token}",
            summary = "Original summary.",
            body = "Original body.",
            status = "published",
            tags = new[] { tagName },
            relatedArticleIds = new[] { target.Id },
        });
        var url = $"/api/articles/{article.Id}";
        return new(article.Id, url, tagName, target.Id, otherTarget.Id,
            await EditorViewAsync(url), await EditorViewAsync($"/api/articles/{target.Id}"), await EditorViewAsync($"/api/articles/{otherTarget.Id}"));
    }
}
