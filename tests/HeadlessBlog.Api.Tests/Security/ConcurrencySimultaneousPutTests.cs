using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Security;

public sealed class ConcurrencySimultaneousPutOnSqlite(RaceSqliteFactory factory) : ConcurrencySimultaneousPutTests<RaceSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class ConcurrencySimultaneousPutOnSqlServer(RaceSqlServerFactory factory) : ConcurrencySimultaneousPutTests<RaceSqlServerFactory>(factory);

/// <summary>Simultaneous PUTs with the same If-Match: one wins, the others get 412, and nothing is lost or mixed.</summary>
public abstract class ConcurrencySimultaneousPutTests<TFactory>(TFactory factory) : ConcurrencyTestBase<TFactory>(factory)
    where TFactory : ApiFactory, IRaceFactory
{
    private const int Racers = 8;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EightConcurrentArticlePuts_WithTheSameIfMatch_OneWins_SevenGet412_AndTheWinnerIsStoredWhole(bool eachRenamesTheSlug)
    {
        var token = Unique();
        var shared = await CreateTagAsync();
        var targets = new List<ArticleResponse>();
        for (var i = 0; i < Racers; i++)
        {
            targets.Add(await CreatePublishedArticleAsync());
        }

        var article = await CreateArticleAsync(new
        {
            title = $"Original {token}",
            body = "Original body.",
            status = "published",
            tags = new[] { shared.Name },
            relatedArticleIds = new[] { targets[0].Id },
        });
        var url = $"/api/articles/{article.Id}";
        var ifMatch = await ETagAsync(url);
        var requests = Enumerable.Range(0, Racers).Select(i => new
        {
            title = $"Racer {i} {token}",
            slug = eachRenamesTheSlug ? $"racer-{i}-{token}" : null,
            summary = $"Summary of racer {i}",
            body = $"Body of racer {i}.",
            status = "published",
            tags = new[] { shared.Name, $"Own {i} {token}" },
            relatedArticleIds = new[] { targets[Racers - 1 - i].Id },
        }).ToArray();

        var responses = await RaceAsync(Race.SavingArticle(article.Id), requests.Select(r => PutAsync(url, r, ifMatch)));

        var statuses = await DescribeAsync(responses);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) == 1, statuses);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed) == Racers - 1, statuses);
        var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK);
        var stored = (await (await Editor.GetAsync(url, Ct)).Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        Assert.Equal(requests[winner].title, stored.Title);
        Assert.Equal(requests[winner].slug ?? article.Slug, stored.Slug);
        Assert.Equal(requests[winner].summary, stored.Summary);
        Assert.Equal(requests[winner].body, stored.Body);
        Assert.Equal(requests[winner].tags, stored.Tags.Select(t => t.Name));
        Assert.Equal(requests[winner].relatedArticleIds, stored.Related.Select(r => r.Id));
        foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.PreconditionFailed))
        {
            var problem = await ReadProblemAsync(loser, HttpStatusCode.PreconditionFailed);
            Assert.Equal(stored.Version, problem.GetProperty("currentVersion").GetString());
        }

        for (var i = 0; i < Racers; i++)
        {
            var tags = await Editor.GetFromJsonAsync<PagedResponse<TagResponse>>($"/api/tags?q={Uri.EscapeDataString($"Own {i} {token}")}", Ct);
            Assert.True((i == winner ? 1 : 0) == tags!.TotalItems, $"Tag 'Own {i}' of a {(i == winner ? "winning" : "losing")} PUT: {tags.TotalItems} stored.");
        }
    }

    [Fact]
    public async Task EightConcurrentArticlePuts_AddingTheSameNewTag_OneWins_SevenGet412()
    {
        var token = Unique();
        var article = await CreatePublishedArticleAsync($"Original {token}");
        var url = $"/api/articles/{article.Id}";
        var ifMatch = await ETagAsync(url);
        var requests = Enumerable.Range(0, Racers).Select(i => new
        {
            title = $"Racer {i} {token}",
            body = $"Body of racer {i}.",
            status = "published",
            tags = new[] { $"Brand new {token}", $"Own {i} {token}" },
        }).ToArray();

        var responses = await RaceAsync(Race.SavingArticle(article.Id), requests.Select(r => PutAsync(url, r, ifMatch)));

        var statuses = await DescribeAsync(responses);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) == 1, statuses);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed) == Racers - 1, statuses);
        var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK);
        var stored = (await (await Editor.GetAsync(url, Ct)).Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        Assert.Equal(requests[winner].title, stored.Title);
        Assert.Equal(requests[winner].tags, stored.Tags.Select(t => t.Name));
    }

    [Fact]
    public async Task Put_WhenAnotherEditorAddedTheSameNewTagJustBefore_Answers412NotAConflict()
    {
        var token = Unique();
        var article = await CreatePublishedArticleAsync($"Original {token}");
        var url = $"/api/articles/{article.Id}";
        var ifMatch = await ETagAsync(url);
        var newTag = $"Brand new {token}";
        HttpResponseMessage? other = null;
        Factory.Race.Arm(Race.SavingArticle(article.Id), async () => other = await Client.PutAsJsonAsync(
            url, new { title = $"Theirs {token}", body = "Their body.", status = "published", tags = new[] { newTag } }, Ct));

        HttpResponseMessage response;
        try
        {
            response = await PutAsync(url, new { title = $"Mine {token}", body = "My body.", status = "published", tags = new[] { newTag } }, ifMatch);
        }
        finally
        {
            Factory.Race.Disarm();
        }

        Assert.True(Factory.Race.Fired);
        Assert.Null(Factory.Race.Failure);
        Assert.Equal(HttpStatusCode.OK, other!.StatusCode);
        var problem = await ReadProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(await VersionAsync(url), problem.GetProperty("currentVersion").GetString());
        Assert.Equal($"Theirs {token}", (await Editor.GetFromJsonAsync<ArticleResponse>(url, Ct))!.Title);
    }

    [Theory]
    [InlineData("article")]
    [InlineData("tag")]
    public async Task PutWithANewSlug_WhenAnotherEditorRenamedItJustBefore_Answers412NotAConflict(string resource)
    {
        var token = Unique();
        int id;
        string url;
        if (resource == "article")
        {
            id = (await CreatePublishedArticleAsync($"Original {token}")).Id;
            url = $"/api/articles/{id}";
        }
        else
        {
            id = (await CreateTagAsync($"Original {token}")).Id;
            url = $"/api/tags/{id}";
        }

        var ifMatch = await ETagAsync(url);
        object Renamed(string who) => resource == "article"
            ? new { title = $"{who} {token}", slug = $"{who.ToLowerInvariant()}-{token}", body = "Body.", status = "published" }
            : new { name = $"{who} {token}", slug = $"{who.ToLowerInvariant()}-{token}" };
        HttpResponseMessage? other = null;
        Factory.Race.Arm(
            resource == "article" ? Race.SavingArticle(id) : Race.SavingTag(id),
            async () => other = await Client.PutAsJsonAsync(url, Renamed("Theirs"), Ct));

        HttpResponseMessage response;
        try
        {
            response = await PutAsync(url, Renamed("Mine"), ifMatch);
        }
        finally
        {
            Factory.Race.Disarm();
        }

        Assert.True(Factory.Race.Fired);
        Assert.Null(Factory.Race.Failure);
        Assert.Equal(HttpStatusCode.OK, other!.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Raw.GetAsync($"/api/{resource}s/slug/theirs-{token}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Raw.GetAsync($"/api/{resource}s/slug/mine-{token}", Ct)).StatusCode);
        var problem = await ReadProblemAsync(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(await VersionAsync(url), problem.GetProperty("currentVersion").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EightConcurrentTagPuts_WithTheSameIfMatch_OneWins_SevenGet412_AndTheWinnerIsStoredWhole(bool eachRenamesTheSlug)
    {
        var token = Unique();
        var tag = await CreateTagAsync($"Original {token}");
        var url = $"/api/tags/{tag.Id}";
        var ifMatch = await ETagAsync(url);
        var requests = Enumerable.Range(0, Racers).Select(i => new
        {
            name = $"Racer {i} {token}",
            slug = eachRenamesTheSlug ? $"racer-{i}-{token}" : null,
            description = $"Description of racer {i}",
        }).ToArray();

        var responses = await RaceAsync(Race.SavingTag(tag.Id), requests.Select(r => PutAsync(url, r, ifMatch)));

        var statuses = await DescribeAsync(responses);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) == 1, statuses);
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed) == Racers - 1, statuses);
        var winner = Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK);
        var stored = (await Editor.GetFromJsonAsync<TagResponse>(url, Ct))!;
        Assert.Equal(requests[winner].name, stored.Name);
        Assert.Equal(requests[winner].slug ?? tag.Slug, stored.Slug);
        Assert.Equal(requests[winner].description, stored.Description);
        foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.PreconditionFailed))
        {
            var problem = await ReadProblemAsync(loser, HttpStatusCode.PreconditionFailed);
            Assert.Equal(stored.Version, problem.GetProperty("currentVersion").GetString());
        }

        for (var i = 0; eachRenamesTheSlug && i < Racers; i++)
        {
            // A losing rename leaves nothing behind: its slug is simply unknown.
            var bySlug = await Raw.GetAsync($"/api/tags/slug/racer-{i}-{token}", Ct);
            Assert.Equal(i == winner ? HttpStatusCode.OK : HttpStatusCode.NotFound, bySlug.StatusCode);
        }
    }

    /// <summary>Sends the requests at once; each is held at <paramref name="savePoint"/> until all have read the same version.</summary>
    private async Task<HttpResponseMessage[]> RaceAsync(Func<RacePoint, bool> savePoint, IEnumerable<Task<HttpResponseMessage>> requests)
    {
        Factory.Race.ArmBarrier(savePoint, Racers);
        try
        {
            var responses = await Task.WhenAll(requests);
            Assert.Equal(Racers, Factory.Race.Met);
            return responses;
        }
        finally
        {
            Factory.Race.Disarm();
        }
    }

    private async Task<HttpResponseMessage> PutAsync(string url, object body, string ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body, options: JsonWeb) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await NoIfMatch.SendAsync(request, Ct);
    }

    private static async Task<string> DescribeAsync(IEnumerable<HttpResponseMessage> responses)
    {
        var lines = new List<string>();
        foreach (var response in responses)
        {
            lines.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }

        return string.Join('\n', lines);
    }
}
