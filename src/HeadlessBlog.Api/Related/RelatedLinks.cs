using HeadlessBlog.Data;

namespace HeadlessBlog.Api.Related;

/// <summary>Keeps an article's ordered related-article links in step with a list of ids.</summary>
internal static class RelatedLinks
{
    public static void Replace(Article article, IReadOnlyList<int> targetIds)
    {
        article.RelatedLinks.RemoveAll(l => !targetIds.Contains(l.TargetArticleId));
        for (var position = 0; position < targetIds.Count; position++)
        {
            var targetId = targetIds[position];
            var link = article.RelatedLinks.FirstOrDefault(l => l.TargetArticleId == targetId);
            if (link is null)
            {
                article.RelatedLinks.Add(new ArticleLink { TargetArticleId = targetId, Position = position });
            }
            else
            {
                link.Position = position;
            }
        }
    }

    /// <summary>Positions 0, 1, 2, … in list order.</summary>
    public static void Renumber(List<ArticleLink> links)
    {
        for (var position = 0; position < links.Count; position++)
        {
            links[position].Position = position;
        }
    }
}
