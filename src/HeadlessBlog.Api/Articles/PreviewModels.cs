using System.ComponentModel;
using FluentValidation;

namespace HeadlessBlog.Api.Articles;

/// <summary>Where preview links point (<c>Preview:*</c>).</summary>
public sealed class PreviewOptions
{
    /// <summary>
    /// The frontend's draft-mode route, <c>{token}</c> and <c>{slug}</c> filled in, e.g.
    /// <c>https://blog.example/api/draft?token={token}&amp;slug={slug}</c>; without it links carry no <c>url</c>.
    /// </summary>
    public string? UrlTemplate { get; set; }
}

/// <summary>A new preview link.</summary>
public sealed record CreatePreviewLinkRequest
{
    /// <summary>How long the link works, in hours: 1–168 (a week). Default 24.</summary>
    [DefaultValue(24)]
    public int? ExpiresInHours { get; init; }
}

/// <summary>A preview link as listed: never its token, which only its creation shows.</summary>
/// <param name="Id">Its id (to revoke it).</param>
/// <param name="ArticleId">The article it shows.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">When it stops working.</param>
public record PreviewLinkResponse(int Id, int ArticleId, DateTime CreatedAt, DateTime ExpiresAt);

/// <summary>A preview link just made: with its token (shown only now) and the frontend URL built from it.</summary>
/// <param name="Id">Its id (to revoke it).</param>
/// <param name="ArticleId">The article it shows.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="Token">The credential: <c>GET /api/preview</c> with the header <c>Preview-Token</c> reads the article.</param>
/// <param name="Url"><c>Preview:UrlTemplate</c> filled in; null when not configured.</param>
public sealed record PreviewLinkCreated(int Id, int ArticleId, DateTime CreatedAt, DateTime ExpiresAt, string Token, string? Url)
    : PreviewLinkResponse(Id, ArticleId, CreatedAt, ExpiresAt);

public sealed class CreatePreviewLinkRequestValidator : AbstractValidator<CreatePreviewLinkRequest>
{
    public CreatePreviewLinkRequestValidator() =>
        RuleFor(r => r.ExpiresInHours).InclusiveBetween(1, 168).When(r => r.ExpiresInHours is not null);
}
