using HeadlessBlog.Data;
using Mapster;

namespace HeadlessBlog.Api.Articles;

public static class ArticleMapping
{
    public static void Register(TypeAdapterConfig config)
    {
        config.NewConfig<ArticleTag, TagRef>()
            .Map(d => d.Id, s => s.Tag.Id)
            .Map(d => d.Name, s => s.Tag.Name)
            .Map(d => d.Slug, s => s.Tag.Slug);

        config.NewConfig<Article, ArticleSummary>()
            .Map(d => d.Status, s => s.Status == ArticleStatus.Published ? ArticleStatuses.Published : ArticleStatuses.Draft)
            .Map(d => d.Tags, s => s.Tags.OrderBy(t => t.Position).ThenBy(t => t.TagId));

        config.NewConfig<Article, ArticleResponse>()
            .Map(d => d.Status, s => s.Status == ArticleStatus.Published ? ArticleStatuses.Published : ArticleStatuses.Draft)
            .Map(d => d.Tags, s => s.Tags.OrderBy(t => t.Position).ThenBy(t => t.TagId))
            .Map(d => d.Version, s => Convert.ToHexStringLower(s.Version))
            .Map(d => d.BodyPlaintext, s => s.BodyPlainText)
            // Filled by a second query, which can leave out related articles a reader may not see.
            .Ignore(d => d.Related);

        config.NewConfig<ArticleRequest, Article>()
            .Map(d => d.Title, s => s.Title.Trim())
            .Map(d => d.Summary, s => string.IsNullOrWhiteSpace(s.Summary) ? null : s.Summary.Trim())
            .Map(d => d.FeatureImageUrl, s => string.IsNullOrWhiteSpace(s.FeatureImageUrl) ? null : s.FeatureImageUrl.Trim())
            .Map(d => d.Status, s => ArticleStatuses.Parse(s.Status))
            .Ignore(
                d => d.Id, d => d.Slug, d => d.PublishedAt, d => d.CreatedAt, d => d.UpdatedAt,
                d => d.Version, d => d.Tags, d => d.RelatedLinks,
                d => d.BodyHtml, d => d.BodyPlainText, d => d.Excerpt, d => d.WordCount, d => d.ReadingTimeMinutes);
    }
}
