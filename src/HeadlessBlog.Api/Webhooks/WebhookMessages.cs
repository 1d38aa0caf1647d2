using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Webhooks;

/// <summary>
/// The bodies of deliveries, <c>{type, timestamp, data}</c> (Standard Webhooks): for an article everything a receiver
/// needs to work out its own paths to revalidate (the API knows no frontend URLs), for a tag its slugs and name; and
/// <c>changeId</c>, so that a receiver can ignore an event older than one it has applied. Written once, when the
/// delivery is created, and sent byte for byte on every attempt.
/// </summary>
internal static class WebhookMessages
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// An article as a delivery describes it: slugs, tags and visibility as of the event; <c>status</c>,
    /// <c>publishedAt</c> and <c>updatedAt</c> as of the delivery's creation, a moment later (null once deleted).
    /// </summary>
    public sealed record ArticleData(
        long ChangeId, int Id, string Slug, string? PreviousSlug, string? Status, bool Visible, bool WasVisible,
        DateTime? PublishedAt, DateTime? UpdatedAt, IReadOnlyList<string> Tags, IReadOnlyList<string> PreviousTags);

    public sealed record TagData(long ChangeId, int Id, string Slug, string? PreviousSlug, string? Name);

    public sealed record Message<T>(string Type, DateTime Timestamp, T Data);

    /// <summary>The <c>webhook-id</c> of an event's deliveries: the same to every endpoint and on every attempt.</summary>
    public static string MessageIdOf(long changeId) => string.Create(CultureInfo.InvariantCulture, $"msg_evt_{changeId}");

    /// <summary>The <c>webhook-id</c> of a ping: <c>msg_ping_</c> and 20 random hex characters.</summary>
    public static string NewPingMessageId() => "msg_ping_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));

    public static string Ping(int webhookId, DateTime now) =>
        JsonSerializer.Serialize(new Message<object>(WebhookEvents.Ping, now, new { webhookId }), Json);

    private static string[] Slugs(string? list) => list?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>The body of each event, by event id: two queries for any number of events.</summary>
    public static async Task<Dictionary<long, string>> BodiesAsync(
        BlogDbContext db, IReadOnlyList<ContentChange> changes, CancellationToken cancellationToken)
    {
        var articleIds = changes.Where(c => c.Entity == ChangeTypes.ArticleEntity).Select(c => c.EntityId).Distinct().ToArray();
        var articles = articleIds.Length == 0 ? [] : await db.Articles.AsNoTracking().Where(a => articleIds.Contains(a.Id))
            .Select(a => new
            {
                a.Id,
                a.Status,
                a.PublishedAt,
                a.UpdatedAt,
            })
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        var tagIds = changes.Where(c => c.Entity == ChangeTypes.TagEntity).Select(c => c.EntityId).Distinct().ToArray();
        var tags = tagIds.Length == 0 ? [] : await db.Tags.AsNoTracking().Where(t => tagIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Name }).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);

        return changes.ToDictionary(c => c.Id, c =>
        {
            if (c.Entity == ChangeTypes.TagEntity)
            {
                var name = c.Type == ChangeTypes.TagDeleted ? null : tags.GetValueOrDefault(c.EntityId);
                return JsonSerializer.Serialize(new Message<TagData>(c.Type, c.OccurredAt, new TagData(c.Id, c.EntityId, c.Slug, c.PreviousSlug, name)), Json);
            }

            var article = c.Type == ChangeTypes.ArticleDeleted ? null : articles.GetValueOrDefault(c.EntityId);
            var status = article is null ? null : ArticleStatuses.Effective(article.Status, article.PublishedAt, c.OccurredAt);
            var data = new ArticleData(
                c.Id, c.EntityId, c.Slug, c.PreviousSlug, status, c.Visible, c.WasVisible, article?.PublishedAt, article?.UpdatedAt,
                Slugs(c.Tags), Slugs(c.PreviousTags));
            return JsonSerializer.Serialize(new Message<ArticleData>(c.Type, c.OccurredAt, data), Json);
        });
    }
}
