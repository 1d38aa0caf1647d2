using HeadlessBlog.Api.Delivery;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Slugs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Articles;

/// <summary>The article endpoints: reads here, writes in <c>ArticleEndpoints.Writes.cs</c>.</summary>
public static partial class ArticleEndpoints
{
    public static RouteGroupBuilder MapArticleEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/articles").WithTags("Articles").CacheOutput(ContentCachePolicy.Name);

        group.MapGet("/", ListArticles).WithName(nameof(ListArticles)).AcceptsReadKey()
            .WithSummary("List articles (summaries without bodies), newest first; drafts and scheduled ones need a key")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/{id:int}", GetArticle).WithName(nameof(GetArticle)).AcceptsReadKey()
            .WithSummary("Get an article by id (drafts and scheduled ones only with a key)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/slug/{slug}", GetArticleBySlug).WithName(nameof(GetArticleBySlug)).AcceptsReadKey()
            .WithSummary("Get an article by slug (an old slug answers 301 to the current one; drafts only with a key)")
            .Produces(StatusCodes.Status301MovedPermanently)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:int}/suggestions", GetSuggestions).WithName(nameof(GetSuggestions))
            .WithSummary("\"You may also like\": visible articles sharing the most tags with this one")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/slug/{slug}/suggestions", GetSuggestionsBySlug).WithName(nameof(GetSuggestionsBySlug))
            .WithSummary("\"You may also like\" for the visible article with this slug (an old slug answers 301)")
            .Produces(StatusCodes.Status301MovedPermanently)
            .ProducesProblem(StatusCodes.Status404NotFound);
        MapWrites(group);
        return group;
    }

    public static async Task<Results<CacheableJson<PagedResponse<ArticleSummary>>, ChallengeHttpResult>> ListArticles(
        [AsParameters] PageRequest page, [AsParameters] ArticleListQuery query, [AsParameters] ContentRequest request)
    {
        if (query.Status is not (null or ArticleStatuses.Published) && !request.Http.User.CanRead())
        {
            // Drafts and scheduled articles are for editors: never reveal them without a key.
            return TypedResults.Challenge();
        }

        var items = await ArticleReads.ListAsync(page, query, request);
        request.Shown.ArticleLists();
        return new CacheableJson<PagedResponse<ArticleSummary>>(items, fields: FieldSelection.Of<ArticleSummary>(query.Fields));
    }

    public static async Task<Results<CacheableJson<ArticleResponse>, ProblemHttpResult>> GetArticle(
        int id, [AsParameters] ArticleReadQuery query, [AsParameters] ContentRequest request)
    {
        var now = request.UtcNow();
        var article = await ArticleQueries.ById(request.Db, id, ArticleReads.VisibleAtFor(request.Http, now))
            .FirstOrDefaultAsync(request.Aborted);
        return article is null
            ? Problems.NotFound($"Article {id} does not exist.")
            : ArticleReads.Respond(article, query, request);
    }

    public static async Task<Results<CacheableJson<ArticleResponse>, RedirectHttpResult, ProblemHttpResult>> GetArticleBySlug(
        string slug, [AsParameters] ArticleReadQuery query, [AsParameters] ContentRequest request)
    {
        // Checked before the lookup: SQL Server's = ignores trailing spaces, so "a-slug " would find "a-slug" there.
        if (!Slug.IsValid(slug))
        {
            return Problems.NotFound($"No article has the slug '{slug}'.");
        }

        var visibleAt = ArticleReads.VisibleAtFor(request.Http, request.UtcNow());
        var article = await ArticleQueries.BySlug(request.Db, slug, visibleAt).FirstOrDefaultAsync(request.Aborted);
        if (article is not null)
        {
            return ArticleReads.Respond(article, query, request);
        }

        var current = await ArticleQueries.RedirectTarget(request.Db, slug, visibleAt).FirstOrDefaultAsync(request.Aborted);
        return current is null
            ? Problems.NotFound($"No article has the slug '{slug}'.")
            : SlugRedirects.MovedTo(request.Http.Request, "/api/articles/slug/", current);
    }

    public static async Task<Results<CacheableJson<IReadOnlyList<ArticleSummary>>, ProblemHttpResult>> GetSuggestions(
        int id, [AsParameters] SuggestionsQuery query, [AsParameters] ContentRequest request)
    {
        var visible = await ArticleQueries.WithId(request.Db, id).Where(Visibility.OfArticle(request.UtcNow())).AnyAsync(request.Aborted);
        return visible
            ? await ArticleReads.SuggestAsync(id, query, request)
            : Problems.NotFound($"Article {id} does not exist.");
    }

    public static async Task<Results<CacheableJson<IReadOnlyList<ArticleSummary>>, RedirectHttpResult, ProblemHttpResult>> GetSuggestionsBySlug(
        string slug, [AsParameters] SuggestionsQuery query, [AsParameters] ContentRequest request)
    {
        if (!Slug.IsValid(slug))
        {
            return Problems.NotFound($"No article has the slug '{slug}'.");
        }

        var now = request.UtcNow();
        var id = await ArticleQueries.WithSlug(request.Db, slug).Where(Visibility.OfArticle(now)).Select(a => (int?)a.Id)
            .FirstOrDefaultAsync(request.Aborted);
        if (id is { } found)
        {
            return await ArticleReads.SuggestAsync(found, query, request);
        }

        var current = await ArticleQueries.RedirectTarget(request.Db, slug, now).FirstOrDefaultAsync(request.Aborted);
        return current is null
            ? Problems.NotFound($"No article has the slug '{slug}'.")
            : SlugRedirects.MovedTo(request.Http.Request, "/api/articles/slug/", current, "/suggestions");
    }
}
