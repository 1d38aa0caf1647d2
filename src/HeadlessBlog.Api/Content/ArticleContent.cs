using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Content;

/// <summary>Fills the fields derived from the body (HTML, text, counts, excerpt) and the caption's HTML; called on every save of an article.</summary>
public static class ArticleContent
{
    public static void Render(Article article)
    {
        var rendered = ArticleText.Render(article.Body);
        article.BodyHtml = rendered.Html;
        article.BodyPlainText = rendered.PlainText;
        article.WordCount = rendered.WordCount;
        article.ReadingTimeMinutes = rendered.ReadingTimeMinutes;
        article.Excerpt = ArticleText.Excerpt(article.Summary, rendered.PlainText);
        article.FeatureImageCaptionHtml = ArticleText.RenderInline(article.FeatureImageCaption);
    }
}
