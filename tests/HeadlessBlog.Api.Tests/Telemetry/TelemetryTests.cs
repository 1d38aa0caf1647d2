using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Telemetry;

[Collection(nameof(TelemetryRunsAlone))]
public sealed class TelemetryOnSqlite(TelemetrySqliteFactory factory) : TelemetryTests<TelemetrySqliteFactory>(factory);

[Collection(nameof(TelemetryRunsAlone))]
public sealed class TelemetryOnSqlServer(TelemetrySqlServerFactory factory) : TelemetryTests<TelemetrySqlServerFactory>(factory);

/// <summary>Traces and HeadlessBlog's own metrics, read through OpenTelemetry's in-memory exporters.</summary>
public abstract class TelemetryTests<TFactory>(TFactory factory) : TelemetryTestBase<TFactory>(factory)
    where TFactory : ApiFactory, ITelemetryHost
{
    [Fact]
    public async Task Get_ProducesAServerSpanWithAChildDatabaseSpan()
    {
        var article = await CreatePublishedArticleAsync();

        // The caller's trace context (W3C traceparent), as a frontend's own tracing sends it.
        var traceId = ActivityTraceId.CreateRandom();
        var parent = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{article.Id}");
        request.Headers.Add("traceparent", $"00-{traceId}-{parent}-01");
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(request, Ct)).StatusCode);

        var trace = await TraceAsync(traceId);
        var server = Assert.Single(trace, s => s.Kind == ActivityKind.Server);
        Assert.Equal(parent, server.ParentSpanId);
        Assert.Equal("/api/articles/{id:int}", server.GetTagItem("http.route"));
        Assert.Contains(trace, s => s.ParentSpanId == server.SpanId && s.Kind == ActivityKind.Client
            && s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthProbe_StartsNoTrace_WhileTheNextApiRequestDoes()
    {
        SkipUnlessAvailable();
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/live", Ct)).StatusCode);
        var response = await Client.GetAsync("/api/articles?pageSize=1", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The API request's server span ends after its response: wait for it, then look for the probe's.
        var waited = Stopwatch.StartNew();
        while (!ServerSpans().Any(s => Equals(s.GetTagItem("url.path"), "/api/articles")) && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20, Ct);
        }

        Assert.Contains(ServerSpans(), s => Equals(s.GetTagItem("url.path"), "/api/articles")
            && Equals(s.GetTagItem("http.request.method"), "GET") && Equals(s.GetTagItem("http.response.status_code"), 200));
        Assert.DoesNotContain(ServerSpans(), s => s.GetTagItem("url.path") is string path && path.StartsWith("/health", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Error_ProblemDetailsTraceId_IsTheTraceOfItsServerSpan()
    {
        var response = await Client.GetAsync("/api/articles/2147480000", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problemTraceId = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("traceId").GetString()!;

        var traceId = ActivityTraceId.CreateFromString(problemTraceId.Split('-')[1]);
        var server = Assert.Single(await TraceAsync(traceId), s => s.Kind == ActivityKind.Server);
        Assert.Equal(404, server.GetTagItem("http.response.status_code"));
        Assert.StartsWith($"00-{server.TraceId}-{server.SpanId}-", problemTraceId, StringComparison.Ordinal); // then its flags
    }

    [Fact]
    public async Task OutputCache_CountsAMissThenAHit_ForTheEndpoint()
    {
        var article = await CreatePublishedArticleAsync();
        var url = $"/api/articles/slug/{article.Slug}";
        (string, string) endpoint = ("endpoint", nameof(ArticleEndpoints.GetArticleBySlug));
        var misses = Sum(Metric.CacheRequests, endpoint, ("result", "miss"));
        var hits = Sum(Metric.CacheRequests, endpoint, ("result", "hit"));

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(misses + 1, Sum(Metric.CacheRequests, endpoint, ("result", "miss")));
        Assert.Equal(hits, Sum(Metric.CacheRequests, endpoint, ("result", "hit")));

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(misses + 1, Sum(Metric.CacheRequests, endpoint, ("result", "miss")));
        Assert.Equal(hits + 1, Sum(Metric.CacheRequests, endpoint, ("result", "hit")));
    }

    [Fact]
    public async Task Write_CountsItsEventsByType()
    {
        var created = Sum(Metric.Writes, ("type", ChangeTypes.ArticleCreated));
        var updated = Sum(Metric.Writes, ("type", ChangeTypes.ArticleUpdated));

        var article = await CreatePublishedArticleAsync();
        Assert.Equal(created + 1, Sum(Metric.Writes, ("type", ChangeTypes.ArticleCreated)));
        Assert.Equal(updated, Sum(Metric.Writes, ("type", ChangeTypes.ArticleUpdated)));

        await PutAsync(article.Id, new { title = article.Title + " edited", body = "b", status = "published", publishedAt = article.PublishedAt });
        Assert.Equal(created + 1, Sum(Metric.Writes, ("type", ChangeTypes.ArticleCreated)));
        Assert.Equal(updated + 1, Sum(Metric.Writes, ("type", ChangeTypes.ArticleUpdated)));
    }

    [Fact]
    public async Task Unavailable_CountsThe503ByCause()
    {
        var before = Sum(Metric.Unavailable, ("cause", "database"));
        HttpResponseMessage response;
        DatabaseUnavailable(true);
        try
        {
            response = await Client.GetAsync($"/api/articles?q={Unique()}", Ct);
        }
        finally
        {
            DatabaseUnavailable(false);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(before + 1, Sum(Metric.Unavailable, ("cause", "database")));
    }

    [Fact]
    public async Task OldSlug_CountsTheRedirect()
    {
        var article = await CreatePublishedArticleAsync();
        await PutAsync(article.Id, new { title = article.Title, slug = Unique("moved-"), body = "b", status = "published", publishedAt = article.PublishedAt });
        (string, string) endpoint = ("endpoint", nameof(ArticleEndpoints.GetArticleBySlug));
        var before = Sum(Metric.Redirects, endpoint);

        using var noRedirects = Factory.CreateAnonymousClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.MovedPermanently, (await noRedirects.GetAsync($"/api/articles/slug/{article.Slug}", Ct)).StatusCode);

        Assert.Equal(before + 1, Sum(Metric.Redirects, endpoint));
    }

    [Fact]
    public async Task KeptListLength_CountsARecomputationOnlyWhenItIsNotKept()
    {
        var tag = await CreateTagAsync();
        await CreatePublishedArticleAsync(tags: [tag.Name]);
        var before = Sum(Metric.Recomputations, ("kind", "articles"));

        // With a key: past the output cache, to the kept length.
        Assert.Equal(HttpStatusCode.OK, (await Editor.GetAsync($"/api/articles?tag={tag.Slug}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Editor.GetAsync($"/api/articles?tag={tag.Slug}&page=2", Ct)).StatusCode);
        Assert.Equal(before + 1, Sum(Metric.Recomputations, ("kind", "articles")));

        await CreatePublishedArticleAsync(tags: [tag.Name]);
        Assert.Equal(HttpStatusCode.OK, (await Editor.GetAsync($"/api/articles?tag={tag.Slug}", Ct)).StatusCode);
        Assert.Equal(before + 2, Sum(Metric.Recomputations, ("kind", "articles")));
    }

    [Fact]
    public async Task ChangeWorker_ReportsHowLongTheEventsItAppliedHadWaited()
    {
        SkipUnlessAvailable();
        var worker = Factory.Services.GetRequiredService<ChangeWorker>();
        await worker.RunRoundAsync(Ct); // takes the head
        await worker.RunRoundAsync(Ct);
        Assert.Equal(0, Points(Metric.TailLag).Single().GetGaugeLastValueDouble());

        await CreatePublishedArticleAsync();
        Factory.Clock.Advance(TimeSpan.FromSeconds(30));
        await worker.RunRoundAsync(Ct);

        Assert.InRange(Points(Metric.TailLag).Single().GetGaugeLastValueDouble(), 30, 60);
    }

    [Fact]
    public async Task WebhookAttempts_AreCountedByOutcome_WithTheLagOfFirstAttempts_AndTheBacklogsAge()
    {
        var receiver = await ReceiverAsync();
        receiver.Status = n => n == 0 ? 500 : 200;
        await SubscribeAsync(receiver.Url, events: ChangeTypes.ArticleCreated);
        var retries = Sum(Metric.Attempts, ("outcome", "retry"));
        var succeeded = Sum(Metric.Attempts, ("outcome", "succeeded"));
        var lags = Points(Metric.Lag).Sum(p => p.GetHistogramCount());
        var lagged = Points(Metric.Lag).Sum(p => p.GetHistogramSum());

        await CreatePublishedArticleAsync();
        Factory.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1, (await RoundAsync()).Attempted); // fails: to be retried
        Assert.Equal(retries + 1, Sum(Metric.Attempts, ("outcome", "retry")));
        Assert.Equal(lags + 1, Points(Metric.Lag).Sum(p => p.GetHistogramCount()));
        Assert.InRange(Points(Metric.Lag).Sum(p => p.GetHistogramSum()) - lagged, 3, 10);
        Factory.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.InRange(Points(Metric.Backlog).Single().GetGaugeLastValueDouble(), 20, 60);

        Assert.Equal(1, (await RoundAsync()).Attempted);
        Assert.Equal(succeeded + 1, Sum(Metric.Attempts, ("outcome", "succeeded")));
        Assert.Equal(lags + 1, Points(Metric.Lag).Sum(p => p.GetHistogramCount())); // a retry is not a first attempt
        Assert.Equal(0, Points(Metric.Backlog).Single().GetGaugeLastValueDouble());
    }

    private static class Metric
    {
        public const string CacheRequests = "headlessblog.output_cache.requests";
        public const string Writes = "headlessblog.content.writes";
        public const string Unavailable = "headlessblog.unavailable";
        public const string Redirects = "headlessblog.slug_redirects";
        public const string Recomputations = "headlessblog.kept_results.recomputations";
        public const string TailLag = "headlessblog.change_log.tail_lag";
        public const string Attempts = "headlessblog.webhook.attempts";
        public const string Lag = "headlessblog.webhook.delivery_lag";
        public const string Backlog = "headlessblog.webhook.oldest_pending_age";
    }
}
