using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Tags;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HeadlessBlog.Api.Tests.Delivery;

public sealed class SlugRedirectOnSqlite(SqliteApiFactory factory) : SlugRedirectTests<SqliteApiFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class SlugRedirectOnSqlServer(SqlServerApiFactory factory) : SlugRedirectTests<SqlServerApiFactory>(factory);

/// <summary>Old article and tag slugs keep working: 301 to the current slug, one hop, never to a slug someone else owns now.</summary>
public abstract class SlugRedirectTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    private const string Body = "Some **Markdown** body.";

    private HttpClient? _noRedirects;

    /// <summary>A client that shows 301s instead of following them.</summary>
    private HttpClient NoRedirects =>
        _noRedirects ??= Factory.CreateApiClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    // ---------- articles ----------

    [Fact]
    public async Task GetArticleBySlug_AfterRename_Answers301ToCurrentSlug()
    {
        var oldSlug = Unique("old-");
        var newSlug = Unique("new-");
        var article = await CreateWithSlugAsync(oldSlug);
        await RenameArticleAsync(article, newSlug);

        var response = await NoRedirects.GetAsync($"/api/articles/slug/{oldSlug}", Ct);

        AssertMovedTo(response, $"/api/articles/slug/{newSlug}");
        var current = await NoRedirects.GetAsync($"/api/articles/slug/{newSlug}", Ct);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(article.Id, (await current.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Id);
    }

    [Fact]
    public async Task GetArticleBySlug_AfterRename_FollowingTheRedirectReturnsTheArticle()
    {
        var oldSlug = Unique("old-");
        var newSlug = Unique("new-");
        var article = await CreateWithSlugAsync(oldSlug);
        await RenameArticleAsync(article, newSlug);

        var followed = await Client.GetAsync($"/api/articles/slug/{oldSlug}", Ct);

        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        var read = (await followed.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        Assert.Equal(article.Id, read.Id);
        Assert.Equal(newSlug, read.Slug);
    }

    [Fact]
    public async Task GetArticleBySlug_OldSlugWithQueryString_KeepsTheQueryString()
    {
        var oldSlug = Unique("old-");
        var newSlug = Unique("new-");
        var article = await CreateWithSlugAsync(oldSlug);
        await RenameArticleAsync(article, newSlug);

        var response = await NoRedirects.GetAsync($"/api/articles/slug/{oldSlug}?formats=plaintext", Ct);
        var followed = await Client.GetAsync($"/api/articles/slug/{oldSlug}?formats=plaintext", Ct);

        AssertMovedTo(response, $"/api/articles/slug/{newSlug}?formats=plaintext");
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        var read = (await followed.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
        Assert.Equal(article.Id, read.Id);
        Assert.Null(read.Body);
        Assert.Null(read.BodyHtml);
        Assert.False(string.IsNullOrEmpty(read.BodyPlaintext));
    }

    [Fact]
    public async Task GetArticleBySlug_OldSlugWithSeveralParameters_KeepsThemAll()
    {
        var oldSlug = Unique("old-");
        var newSlug = Unique("new-");
        var article = await CreateWithSlugAsync(oldSlug);
        await RenameArticleAsync(article, newSlug);

        var response = await NoRedirects.GetAsync($"/api/articles/slug/{oldSlug}?formats=html&fields=id,slug", Ct);

        AssertMovedTo(response, $"/api/articles/slug/{newSlug}?formats=html&fields=id,slug");
    }

    [Fact]
    public async Task GetArticleBySlug_ChainOfRenames_EveryOldSlugAnswersOneHopToTheCurrentSlug()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var c = Unique("c-");
        var article = await CreateWithSlugAsync(a);
        article = await RenameArticleAsync(article, b);
        await RenameArticleAsync(article, c);

        var fromA = await NoRedirects.GetAsync($"/api/articles/slug/{a}", Ct);
        var fromB = await NoRedirects.GetAsync($"/api/articles/slug/{b}", Ct);
        var fromC = await NoRedirects.GetAsync($"/api/articles/slug/{c}", Ct);

        AssertMovedTo(fromA, $"/api/articles/slug/{c}");
        AssertMovedTo(fromB, $"/api/articles/slug/{c}");
        Assert.Equal(HttpStatusCode.OK, fromC.StatusCode);
    }

    [Fact]
    public async Task GetArticleBySlug_OldSlugTakenByANewArticle_BelongsToTheNewArticle()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var first = await CreateWithSlugAsync(a);
        await RenameArticleAsync(first, b);

        var second = await CreateWithSlugAsync(a);
        var response = await NoRedirects.GetAsync($"/api/articles/slug/{a}", Ct);
        var firstNow = await NoRedirects.GetAsync($"/api/articles/slug/{b}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(second.Id, (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Id);
        Assert.Equal(HttpStatusCode.OK, firstNow.StatusCode);
        Assert.Equal(first.Id, (await firstNow.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Id);
    }

    [Fact]
    public async Task GetArticleBySlug_OldSlugTakenByARename_BelongsToTheRenamedArticle()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var x = Unique("x-");
        var first = await CreateWithSlugAsync(a);
        await RenameArticleAsync(first, b);
        var second = await CreateWithSlugAsync(x);

        await RenameArticleAsync(second, a);
        var viaA = await NoRedirects.GetAsync($"/api/articles/slug/{a}", Ct);
        var viaX = await NoRedirects.GetAsync($"/api/articles/slug/{x}", Ct);

        Assert.Equal(HttpStatusCode.OK, viaA.StatusCode);
        Assert.Equal(second.Id, (await viaA.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Id);
        AssertMovedTo(viaX, $"/api/articles/slug/{a}");
    }

    [Fact]
    public async Task GetArticleBySlug_OldSlugTakenThenGivenUpByTheNewOwner_RedirectsToTheNewOwner()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var c = Unique("c-");
        var first = await CreateWithSlugAsync(a);
        await RenameArticleAsync(first, b);
        var second = await CreateWithSlugAsync(a);

        await RenameArticleAsync(second, c);
        var response = await NoRedirects.GetAsync($"/api/articles/slug/{a}", Ct);

        AssertMovedTo(response, $"/api/articles/slug/{c}");
    }

    [Fact]
    public async Task GetArticleBySlug_OldSlugTakenByADraft_Answers404AndNotARedirectToTheFormerOwner()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var first = await CreateWithSlugAsync(a);
        await RenameArticleAsync(first, b);

        await CreateArticleAsync(new { title = Unique("Draft "), slug = a, body = Body });
        var response = await NoRedirects.GetAsync($"/api/articles/slug/{a}", Ct);

        await ReadProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetArticleBySlug_RenamedBackToAPreviousSlug_Answers200WithoutALoop()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var article = await CreateWithSlugAsync(a);
        article = await RenameArticleAsync(article, b);
        await RenameArticleAsync(article, a);

        var viaA = await NoRedirects.GetAsync($"/api/articles/slug/{a}", Ct);
        var viaB = await NoRedirects.GetAsync($"/api/articles/slug/{b}", Ct);
        var followed = await Client.GetAsync($"/api/articles/slug/{b}", Ct);

        Assert.Equal(HttpStatusCode.OK, viaA.StatusCode);
        Assert.Equal(article.Id, (await viaA.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Id);
        AssertMovedTo(viaB, $"/api/articles/slug/{a}");
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal(a, (await followed.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Slug);
    }

    [Fact]
    public async Task GetArticleBySlug_RenamedThroughSeveralSlugsAndBack_EveryOtherSlugRedirectsToTheFirst()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var c = Unique("c-");
        var article = await CreateWithSlugAsync(a);
        article = await RenameArticleAsync(article, b);
        article = await RenameArticleAsync(article, c);
        await RenameArticleAsync(article, a);

        AssertMovedTo(await NoRedirects.GetAsync($"/api/articles/slug/{b}", Ct), $"/api/articles/slug/{a}");
        AssertMovedTo(await NoRedirects.GetAsync($"/api/articles/slug/{c}", Ct), $"/api/articles/slug/{a}");
        Assert.Equal(HttpStatusCode.OK, (await NoRedirects.GetAsync($"/api/articles/slug/{a}", Ct)).StatusCode);
    }

    [Fact]
    public async Task GetArticleBySlug_RedirectToAnArticleNowADraft_Answers404()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var article = await CreateWithSlugAsync(a);
        article = await RenameArticleAsync(article, b);
        Assert.Equal(HttpStatusCode.MovedPermanently, (await NoRedirects.GetAsync($"/api/articles/slug/{a}", Ct)).StatusCode);

        await PutArticleAsync(article, new { title = article.Title, slug = b, body = Body, status = "draft" });
        var viaOld = await NoRedirects.GetAsync($"/api/articles/slug/{a}", Ct);
        var viaCurrent = await NoRedirects.GetAsync($"/api/articles/slug/{b}", Ct);

        await ReadProblemAsync(viaOld, HttpStatusCode.NotFound);
        await ReadProblemAsync(viaCurrent, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetArticleBySlug_RedirectToAScheduledArticle_Answers404UntilItsTimeComes()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var article = await CreateWithSlugAsync(a);
        var publishedAt = Factory.Clock.GetUtcNow().UtcDateTime.AddHours(1);
        await PutArticleAsync(article, new { title = article.Title, slug = b, body = Body, status = "published", publishedAt });

        var before = await NoRedirects.GetAsync($"/api/articles/slug/{a}", Ct);
        Factory.Clock.Advance(TimeSpan.FromHours(2));
        var after = await NoRedirects.GetAsync($"/api/articles/slug/{a}", Ct);

        await ReadProblemAsync(before, HttpStatusCode.NotFound);
        AssertMovedTo(after, $"/api/articles/slug/{b}");
    }

    [Fact]
    public async Task GetArticleBySlug_OldSlugsOfADeletedArticle_Answer404()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var c = Unique("c-");
        var article = await CreateWithSlugAsync(a);
        article = await RenameArticleAsync(article, b);
        await RenameArticleAsync(article, c);

        var deleted = await Client.DeleteAsync($"/api/articles/{article.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        await ReadProblemAsync(await NoRedirects.GetAsync($"/api/articles/slug/{a}", Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await NoRedirects.GetAsync($"/api/articles/slug/{b}", Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await NoRedirects.GetAsync($"/api/articles/slug/{c}", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetArticleBySlug_OldSlugOfADeletedArticle_CanBeTakenByANewArticle()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var article = await CreateWithSlugAsync(a);
        await RenameArticleAsync(article, b);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/articles/{article.Id}", Ct)).StatusCode);

        var successor = await CreateWithSlugAsync(a);
        var response = await NoRedirects.GetAsync($"/api/articles/slug/{a}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(successor.Id, (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Id);
    }

    [Fact]
    public async Task GetArticleBySlug_UpdateWithoutSlugChange_LeavesNoRedirect()
    {
        var a = Unique("a-");
        var article = await CreateWithSlugAsync(a);
        await PutArticleAsync(article, new { title = Unique("Retitled "), body = Body, status = "published" });

        var response = await NoRedirects.GetAsync($"/api/articles/slug/{a}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(article.Id, (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!.Id);
    }

    /// <summary>
    /// An old slug's suggestions redirect (301) to the current slug's suggestions, keeping the query string, like
    /// the article itself; the current slug answers 200.
    /// </summary>
    [Fact]
    public async Task GetSuggestionsBySlug_OldSlug_Answers301ToTheCurrentSlugsSuggestions()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var article = await CreateWithSlugAsync(a);
        await RenameArticleAsync(article, b);

        var viaOld = await NoRedirects.GetAsync($"/api/articles/slug/{a}/suggestions?limit=2", Ct);
        var viaCurrent = await NoRedirects.GetAsync($"/api/articles/slug/{b}/suggestions", Ct);

        Assert.Equal(HttpStatusCode.MovedPermanently, viaOld.StatusCode);
        Assert.Equal($"/api/articles/slug/{b}/suggestions?limit=2", viaOld.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, viaCurrent.StatusCode);
    }

    // ---------- tags ----------

    [Fact]
    public async Task GetTagBySlug_AfterRename_Answers301ToCurrentSlugKeepingTheQueryString()
    {
        var oldSlug = Unique("old-");
        var newSlug = Unique("new-");
        var tag = await CreateTagAsync(slug: oldSlug);
        await RenameTagAsync(tag, newSlug);

        var plain = await NoRedirects.GetAsync($"/api/tags/slug/{oldSlug}", Ct);
        var withQuery = await NoRedirects.GetAsync($"/api/tags/slug/{oldSlug}?fields=id,slug", Ct);
        var followed = await Client.GetAsync($"/api/tags/slug/{oldSlug}", Ct);

        AssertMovedTo(plain, $"/api/tags/slug/{newSlug}");
        AssertMovedTo(withQuery, $"/api/tags/slug/{newSlug}?fields=id,slug");
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        var read = (await followed.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
        Assert.Equal(tag.Id, read.Id);
        Assert.Equal(newSlug, read.Slug);
    }

    [Fact]
    public async Task GetTagBySlug_ChainOfRenames_EveryOldSlugAnswersOneHopToTheCurrentSlug()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var c = Unique("c-");
        var tag = await CreateTagAsync(slug: a);
        tag = await RenameTagAsync(tag, b);
        await RenameTagAsync(tag, c);

        AssertMovedTo(await NoRedirects.GetAsync($"/api/tags/slug/{a}", Ct), $"/api/tags/slug/{c}");
        AssertMovedTo(await NoRedirects.GetAsync($"/api/tags/slug/{b}", Ct), $"/api/tags/slug/{c}");
        Assert.Equal(HttpStatusCode.OK, (await NoRedirects.GetAsync($"/api/tags/slug/{c}", Ct)).StatusCode);
    }

    [Fact]
    public async Task GetTagBySlug_OldSlugTakenByANewTag_BelongsToTheNewTag()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var first = await CreateTagAsync(slug: a);
        await RenameTagAsync(first, b);

        var second = await CreateTagAsync(slug: a);
        var response = await NoRedirects.GetAsync($"/api/tags/slug/{a}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(second.Id, (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!.Id);
    }

    [Fact]
    public async Task GetTagBySlug_OldSlugTakenByARename_BelongsToTheRenamedTag()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var x = Unique("x-");
        var first = await CreateTagAsync(slug: a);
        await RenameTagAsync(first, b);
        var second = await CreateTagAsync(slug: x);

        await RenameTagAsync(second, a);
        var viaA = await NoRedirects.GetAsync($"/api/tags/slug/{a}", Ct);
        var viaX = await NoRedirects.GetAsync($"/api/tags/slug/{x}", Ct);

        Assert.Equal(HttpStatusCode.OK, viaA.StatusCode);
        Assert.Equal(second.Id, (await viaA.Content.ReadFromJsonAsync<TagResponse>(Ct))!.Id);
        AssertMovedTo(viaX, $"/api/tags/slug/{a}");
    }

    [Fact]
    public async Task GetTagBySlug_RenamedBackToAPreviousSlug_Answers200WithoutALoop()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var tag = await CreateTagAsync(slug: a);
        tag = await RenameTagAsync(tag, b);
        await RenameTagAsync(tag, a);

        var viaA = await NoRedirects.GetAsync($"/api/tags/slug/{a}", Ct);
        var viaB = await NoRedirects.GetAsync($"/api/tags/slug/{b}", Ct);

        Assert.Equal(HttpStatusCode.OK, viaA.StatusCode);
        Assert.Equal(tag.Id, (await viaA.Content.ReadFromJsonAsync<TagResponse>(Ct))!.Id);
        AssertMovedTo(viaB, $"/api/tags/slug/{a}");
    }

    [Fact]
    public async Task GetTagBySlug_OldSlugsOfADeletedTag_Answer404()
    {
        var a = Unique("a-");
        var b = Unique("b-");
        var tag = await CreateTagAsync(slug: a);
        await RenameTagAsync(tag, b);

        var deleted = await Client.DeleteAsync($"/api/tags/{tag.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        await ReadProblemAsync(await NoRedirects.GetAsync($"/api/tags/slug/{a}", Ct), HttpStatusCode.NotFound);
        await ReadProblemAsync(await NoRedirects.GetAsync($"/api/tags/slug/{b}", Ct), HttpStatusCode.NotFound);
    }

    // ---------- helpers ----------

    private static void AssertMovedTo(HttpResponseMessage response, string location)
    {
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    private Task<ArticleResponse> CreateWithSlugAsync(string slug) =>
        CreateArticleAsync(new { title = Unique("Article "), slug, body = Body, status = "published" });

    private Task<ArticleResponse> RenameArticleAsync(ArticleResponse article, string slug) =>
        PutArticleAsync(article, new { title = article.Title, slug, body = Body, status = "published" });

    private async Task<ArticleResponse> PutArticleAsync(ArticleResponse article, object request)
    {
        var response = await Client.PutAsJsonAsync($"/api/articles/{article.Id}", request, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(Ct))!;
    }

    private async Task<TagResponse> RenameTagAsync(TagResponse tag, string slug)
    {
        var response = await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name = tag.Name, slug, description = tag.Description }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<TagResponse>(Ct))!;
    }
}
