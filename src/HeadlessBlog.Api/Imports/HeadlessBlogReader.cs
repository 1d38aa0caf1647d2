using System.Text.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Exports;
using HeadlessBlog.Api.Publishing;

namespace HeadlessBlog.Api.Imports;

/// <summary>A HeadlessBlog export (<see cref="ExportDocument"/>): everything restored as it was, matched by slug.</summary>
internal static class HeadlessBlogReader
{
    public static bool Matches(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var format)
        && format.ValueKind == JsonValueKind.String && format.GetString() == ExportFormat.Name;

    public static ImportPlan Read(JsonElement root)
    {
        if (!Matches(root))
        {
            throw new ImportFileException(StatusCodes.Status422UnprocessableEntity,
                $"The file is not a HeadlessBlog export: its \"format\" is not \"{ExportFormat.Name}\".");
        }

        ExportDocument document;
        try
        {
            document = root.Deserialize(ExportJsonContext.Default.ExportDocument)
                ?? throw new JsonException("The document is null.");
        }
        catch (JsonException e)
        {
            throw new ImportFileException(StatusCodes.Status422UnprocessableEntity,
                $"The file is not a valid HeadlessBlog export: {e.Message}");
        }

        if (document.Version is < 1 or > ExportFormat.Version)
        {
            throw new ImportFileException(StatusCodes.Status422UnprocessableEntity,
                $"The file is a HeadlessBlog export of version {document.Version}; this build reads version {ExportFormat.Version}.");
        }

        var plan = new ImportPlan(ImportFormats.HeadlessBlog, [], [], [], [], []);
        plan.Tags.AddRange(document.Tags.Where(t => t is not null).Select(t => new ImportTag(t.Name, t.Slug)
        {
            Description = t.Description,
            MetaTitle = t.MetaTitle,
            MetaDescription = t.MetaDescription,
            FeatureImageUrl = t.FeatureImageUrl,
            CreatedAt = Utc(t.CreatedAt),
            UpdatedAt = Utc(t.UpdatedAt),
        }));
        foreach (var a in document.Articles.Where(a => a is not null))
        {
            var status = a.Status is ArticleStatuses.Published or ArticleStatuses.Scheduled ? ArticleStatuses.Published
                : a.Status == ArticleStatuses.Draft ? ArticleStatuses.Draft
                : null;
            if (status is null)
            {
                plan.Skipped.Add(new SkippedItem(a.Slug, $"Status '{a.Status}': must be draft, scheduled or published."));
                continue;
            }

            var request = new ArticleRequest(
                a.Title, a.Slug, a.Summary, a.Body, a.FeatureImageUrl, status, a.PublishedAt is { } at ? Utc(at) : null,
                [.. (a.Tags ?? []).Where(t => t is not null).Select(t => t.Slug)], null,
                a.FeatureImageAlt, a.FeatureImageCaption, a.MetaTitle, a.MetaDescription, a.CanonicalUrl,
                a.OgImageUrl, a.OgTitle, a.OgDescription, a.TwitterImageUrl, a.TwitterTitle, a.TwitterDescription);
            plan.Articles.Add(new ImportArticle(request, Utc(a.CreatedAt), Utc(a.UpdatedAt), a.Related ?? []));
        }

        plan.Redirects.AddRange(document.Redirects.Where(r => r is not null).Select(r => new ImportRedirect(r.Type, r.From, r.To)));
        return plan;
    }

    /// <summary>A time of the file as UTC (one written without an offset is taken as UTC); none for a missing one.</summary>
    private static DateTime? Utc(DateTime time) =>
        time == default ? null
        : time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
        : time.ToUniversalTime();
}
