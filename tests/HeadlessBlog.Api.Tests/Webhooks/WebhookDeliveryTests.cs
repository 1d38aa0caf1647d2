using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Api.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Webhooks;

public sealed class WebhookDeliveryOnSqlite(WebhookSqliteFactory factory) : WebhookDeliveryTests<WebhookSqliteFactory>(factory);

[Trait("Database", "SqlServer")]
public sealed class WebhookDeliveryOnSqlServer(WebhookSqlServerFactory factory) : WebhookDeliveryTests<WebhookSqlServerFactory>(factory);

/// <summary>What a receiver gets: signed Standard Webhooks requests, for the events it subscribed to.</summary>
public abstract class WebhookDeliveryTests<TFactory>(TFactory factory) : DeliveryTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Publish_DeliversASignedRequestPerEvent_ThatAnIndependentCheckAccepts()
    {
        var receiver = await ReceiverAsync();
        var (id, secret) = await SubscribeAsync(receiver.Url);
        var tag = await CreateTagAsync();
        var article = await CreatePublishedArticleAsync(tags: [tag.Name]);

        await RoundAsync();

        var requests = receiver.Requests.Where(r => r.Body.Contains("\"article.", StringComparison.Ordinal)).ToList();
        Assert.Equal([ChangeTypes.ArticleCreated, ChangeTypes.ArticlePublished], requests.Select(r => Type(r)));
        foreach (var request in requests)
        {
            Assert.Equal("POST", request.Method);
            Assert.True(IsSignedWith(request, secret), request.Header("webhook-signature"));
            Assert.StartsWith("msg_evt_", request.Header("webhook-id"), StringComparison.Ordinal);
            Assert.StartsWith("application/json", request.Header("content-type"), StringComparison.Ordinal);
            Assert.Contains("HeadlessBlog", request.Header("user-agent"), StringComparison.Ordinal);
            var sent = long.Parse(request.Header("webhook-timestamp"), CultureInfo.InvariantCulture);
            Assert.InRange(sent, Factory.Clock.GetUtcNow().ToUnixTimeSeconds() - 5, Factory.Clock.GetUtcNow().ToUnixTimeSeconds());
        }

        var published = JsonDocument.Parse(requests[1].Body).RootElement.GetProperty("data");
        Assert.Equal(article.Id, published.GetProperty("id").GetInt32());
        Assert.Equal(article.Slug, published.GetProperty("slug").GetString());
        Assert.Equal("published", published.GetProperty("status").GetString());
        Assert.True(published.GetProperty("visible").GetBoolean());
        Assert.False(published.GetProperty("wasVisible").GetBoolean());
        Assert.Equal([tag.Slug], published.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.True(published.GetProperty("changeId").GetInt64() > 0);
        Assert.All(await DeliveriesAsync(id), d => Assert.Equal(DeliveryStatuses.Succeeded, d.Status));
    }

    [Fact]
    public async Task Events_OnlyThoseMatchingTheEndpointsTypesOrPatterns_AreDelivered()
    {
        var tags = await ReceiverAsync();
        var published = await ReceiverAsync();
        await SubscribeAsync(tags.Url, events: "tag.*");
        await SubscribeAsync(published.Url, events: "article.published article.deleted");
        var tag = await CreateTagAsync();
        var article = await CreatePublishedArticleAsync();
        Assert.True((await Client.DeleteAsync($"/api/articles/{article.Id}", Ct)).IsSuccessStatusCode);

        await RoundAsync();

        Assert.Equal([ChangeTypes.TagCreated], Types(tags));
        Assert.Equal([ChangeTypes.ArticlePublished, ChangeTypes.ArticleDeleted], Types(published));
        Assert.Equal(tag.Slug, Data(tags.Requests[0]).GetProperty("slug").GetString());
    }

    [Fact]
    public async Task PublicOnly_SkipsADraftsCreationEditAndDeletion_WhileAnEndpointForEverythingGetsThem()
    {
        var publicOnly = await ReceiverAsync();
        var everything = await ReceiverAsync();
        await SubscribeAsync(publicOnly.Url, events: "article.*");
        await SubscribeAsync(everything.Url, events: "article.*", publicOnly: false);
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "x", status = "draft" });
        await PutAsync(draft.Id, new { title = draft.Title + "!", body = "y", status = "draft" });
        Assert.True((await Client.DeleteAsync($"/api/articles/{draft.Id}", Ct)).IsSuccessStatusCode);

        await RoundAsync();

        Assert.Empty(publicOnly.Requests);
        Assert.Equal([ChangeTypes.ArticleCreated, ChangeTypes.ArticleUpdated, ChangeTypes.ArticleDeleted], Types(everything));
    }

    [Fact]
    public async Task ScheduledArticle_IsDeliveredAsPublishedWhenItsTimeComes_AndNotBefore()
    {
        var receiver = await ReceiverAsync();
        await SubscribeAsync(receiver.Url, events: "article.published");
        var article = await CreateArticleAsync(new
        {
            title = Unique("Later "),
            body = "x",
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().AddMinutes(10),
        });
        var changes = Factory.Services.GetRequiredService<ChangeWorker>();
        await changes.RunRoundAsync(Ct);
        await RoundAsync();
        Assert.Empty(receiver.Requests);

        Factory.Clock.Advance(TimeSpan.FromMinutes(11));
        await changes.RunRoundAsync(Ct);
        await RoundAsync();

        var request = Assert.Single(receiver.Requests);
        Assert.Equal(ChangeTypes.ArticlePublished, Type(request));
        Assert.Equal(article.Id, Data(request).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task EmptyFormat_PostsAnEmptyBody_SignedAllTheSame()
    {
        var receiver = await ReceiverAsync();
        var (_, secret) = await SubscribeAsync(receiver.Url, events: "article.published", format: WebhookFormats.Empty);
        await CreatePublishedArticleAsync();

        await RoundAsync();

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("", request.Body);
        Assert.True(IsSignedWith(request, secret));
    }

    [Fact]
    public async Task RotatedSecret_SignsWithBothSecretsFor24Hours_ThenWithTheNewOneOnly()
    {
        var receiver = await ReceiverAsync();
        var (id, old) = await SubscribeAsync(receiver.Url, events: "article.published");
        var response = await Manager.PostAsync($"/api/webhooks/{id}/rotate-secret", null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rotated = (await response.Content.ReadFromJsonAsync<WebhookSecretRotated>(Ct))!;

        await CreatePublishedArticleAsync();
        await RoundAsync();
        Factory.Clock.Advance(TimeSpan.FromHours(25));
        await CreatePublishedArticleAsync();
        await RoundAsync();

        Assert.Equal(2, receiver.Requests.Count);
        var (during, after) = (receiver.Requests[0], receiver.Requests[1]);
        Assert.Equal(2, during.Header("webhook-signature").Split(' ').Length);
        Assert.True(IsSignedWith(during, old) && IsSignedWith(during, rotated.Secret));
        Assert.Single(after.Header("webhook-signature").Split(' '));
        Assert.True(IsSignedWith(after, rotated.Secret));
        Assert.False(IsSignedWith(after, old));
    }

    [Fact]
    public async Task Retagging_TagDeletionAndArticleDeletion_EachTellTheTagsBeforeAndAfter()
    {
        var receiver = await ReceiverAsync();
        await SubscribeAsync(receiver.Url, events: "article.updated article.deleted");
        var (first, second) = (await CreateTagAsync(), await CreateTagAsync());
        var article = await CreatePublishedArticleAsync(tags: [first.Name]);
        await PutAsync(article.Id, new { title = article.Title, body = "x", status = "published", publishedAt = article.PublishedAt, tags = new[] { second.Name, first.Name } });
        Assert.True((await Client.DeleteAsync($"/api/tags/{first.Id}", Ct)).IsSuccessStatusCode);
        Assert.True((await Client.DeleteAsync($"/api/articles/{article.Id}", Ct)).IsSuccessStatusCode);

        await RoundAsync();

        Assert.Equal([ChangeTypes.ArticleUpdated, ChangeTypes.ArticleUpdated, ChangeTypes.ArticleDeleted], Types(receiver));
        string[] Tags(int request, string name) =>
            [.. Data(receiver.Requests[request]).GetProperty(name).EnumerateArray().Select(t => t.GetString()!)];
        Assert.Equal([first.Slug], Tags(0, "previousTags"));
        Assert.Equal([second.Slug, first.Slug], Tags(0, "tags"));
        Assert.Equal([second.Slug, first.Slug], Tags(1, "previousTags"));
        Assert.Equal([second.Slug], Tags(1, "tags"));
        Assert.Equal([second.Slug], Tags(2, "previousTags"));
        Assert.Empty(Tags(2, "tags"));
        Assert.Null(Data(receiver.Requests[2]).GetProperty("status").GetString());
    }

    private static string Type(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.GetProperty("type").GetString()!;

    private static JsonElement Data(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.GetProperty("data").Clone();
}
