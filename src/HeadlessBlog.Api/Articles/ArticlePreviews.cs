using System.Security.Cryptography;
using HeadlessBlog.Api.Delivery;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Articles;

/// <summary>
/// Draft previews: an editor makes a link for one article; whoever holds its token reads the article as it is now
/// (draft, scheduled or published) — the frontend's draft mode — until it expires or is revoked. The token is 256
/// random bits, stored only as its SHA-256; preview reads are never cached or indexed, and an unknown, expired or
/// revoked token is a plain 404 that does not say whether it ever existed.
/// </summary>
/// <remarks>
/// The token travels in the <c>Preview-Token</c> header, not in the path: a path is written to every proxy's and CDN's
/// access log, and to ASP.NET Core's request log scope (<c>RequestPath</c>) on every log line of the request.
/// </remarks>
public static class ArticlePreviews
{
    public const string PreviewTokenHeader = "Preview-Token";

    private const string TokenPrefix = "prv_";

    /// <summary>The prefix and 43 base64url characters of 32 bytes.</summary>
    private const int TokenLength = 47;

    public static void MapPreviewEndpoints(this IEndpointRouteBuilder routes)
    {
        var links = routes.MapGroup("/api/articles/{id:int}/preview-links").WithTags("Previews");
        links.MapPost("/", CreatePreviewLink).WithName(nameof(CreatePreviewLink))
            .WithSummary("Make a preview link for the article (its token is shown only in this response)")
            .WithRequestExample(() => new System.Text.Json.Nodes.JsonObject { ["expiresInHours"] = 24 })
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresWrite();
        links.MapGet("/", ListPreviewLinks).WithName(nameof(ListPreviewLinks))
            .WithSummary("The article's preview links that still work (without tokens)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresRead();
        links.MapDelete("/{linkId:int}", RevokePreviewLink).WithName(nameof(RevokePreviewLink))
            .WithSummary("Revoke a preview link at once")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequiresWrite();

        routes.MapGet("/api/preview", GetPreview).WithName(nameof(GetPreview)).WithTags("Previews")
            .WithSummary("The article of a preview link as it is now, draft or scheduled too (header Preview-Token: the credential; never cached)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static async Task<Results<Created<PreviewLinkCreated>, ProblemHttpResult>> CreatePreviewLink(
        int id, CreatePreviewLinkRequest body, BlogDbContext db, TimeProvider clock, IOptions<PreviewOptions> options, HttpContext http)
    {
        var slug = await ArticleQueries.WithId(db, id).Select(a => a.Slug).FirstOrDefaultAsync(http.RequestAborted);
        if (slug is null)
        {
            return Problems.NotFound($"Article {id} does not exist.");
        }

        var token = TokenPrefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        var link = new PreviewLink
        {
            ArticleId = id,
            TokenHash = SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)),
            CreatedAt = now,
            ExpiresAt = now.AddHours(body.ExpiresInHours ?? 24),
            CreatedByKeyId = ApiKeys.KeyIdOf(http.User),
        };
        db.PreviewLinks.Add(link);
        await db.SaveChangesAsync(http.RequestAborted);
        var url = options.Value.UrlTemplate?
            .Replace("{token}", Uri.EscapeDataString(token), StringComparison.Ordinal)
            .Replace("{slug}", Uri.EscapeDataString(slug), StringComparison.Ordinal);
        return TypedResults.Created(
            $"/api/articles/{id}/preview-links", new PreviewLinkCreated(link.Id, id, link.CreatedAt, link.ExpiresAt, token, url));
    }

    public static async Task<Results<Ok<List<PreviewLinkResponse>>, ProblemHttpResult>> ListPreviewLinks(
        int id, BlogDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await ArticleQueries.WithId(db, id).AnyAsync(cancellationToken))
        {
            return Problems.NotFound($"Article {id} does not exist.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        return TypedResults.Ok(await db.PreviewLinks.Where(p => p.ArticleId == id && p.ExpiresAt > now).OrderBy(p => p.Id)
            .Select(p => new PreviewLinkResponse(p.Id, p.ArticleId, p.CreatedAt, p.ExpiresAt)).ToListAsync(cancellationToken));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokePreviewLink(
        int id, int linkId, BlogDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await db.PreviewLinks.Where(p => p.Id == linkId && p.ArticleId == id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? Problems.NotFound($"Article {id} has no preview link {linkId}.") : TypedResults.NoContent();
    }

    public static async Task<Results<CacheableJson<ArticleResponse>, ProblemHttpResult>> GetPreview(
        [FromHeader(Name = PreviewTokenHeader)] string? token, [AsParameters] ArticleReadQuery query, [AsParameters] ContentRequest request)
    {
        // Whatever the outcome: a preview is one person's view of unpublished content.
        request.Http.Response.OnStarting(() =>
        {
            request.Http.Response.Headers.CacheControl = "private, no-store";
            request.Http.Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
            return Task.CompletedTask;
        });
        var notFound = Problems.NotFound("This preview link does not exist or no longer works.");
        if (token is null || token.Length != TokenLength || !token.StartsWith(TokenPrefix, StringComparison.Ordinal) || !IsBase64Url(token.AsSpan(TokenPrefix.Length)))
        {
            return notFound;
        }

        var hash = SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token));
        var now = request.UtcNow();
        var articleId = await request.Db.PreviewLinks.Where(p => p.TokenHash == hash && p.ExpiresAt > now)
            .Select(p => (int?)p.ArticleId).FirstOrDefaultAsync(request.Aborted);
        var article = articleId is { } id
            ? await ArticleQueries.ById(request.Db, id, visibleAt: null).FirstOrDefaultAsync(request.Aborted)
            : null;
        return article is null ? notFound : ArticleReads.Respond(article, query, request);
    }

    /// <summary>Only the base64url alphabet: stricter than Base64Url.IsValid, which skips whitespace and allows padding.</summary>
    private static bool IsBase64Url(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
