using HeadlessBlog.Api.Revisions;

namespace HeadlessBlog.Api.Trash;

/// <summary>An article in the trash: what it was, when and by whom it was moved there, and when it is purged.</summary>
/// <param name="Id">The article's id (it keeps it when restored).</param>
/// <param name="Slug">Its slug, which stays taken while it is in the trash.</param>
/// <param name="Title">Its title.</param>
/// <param name="DeletedAt">When it was moved to the trash.</param>
/// <param name="DeletedBy">The API key that moved it (id and name).</param>
/// <param name="PurgeAt">When it is purged for good (<c>Trash:RetentionDays</c> after <paramref name="DeletedAt"/>); null when never by itself.</param>
public sealed record TrashedArticle(int Id, string Slug, string Title, DateTime DeletedAt, RevisionActor DeletedBy, DateTime? PurgeAt);

/// <summary>
/// What a move to the trash takes out of the tag and link tables, as stored on the article until it is restored: its
/// tags in order (id, and name to create it again should it be deleted meanwhile), the ids of its related articles in
/// order, and the links other articles had to it (their position in each list).
/// </summary>
internal sealed record TrashedRelations(List<TrashedTag> Tags, List<int> Related, List<TrashedLink> LinkedFrom);

internal sealed record TrashedTag(int Id, string Name);

internal sealed record TrashedLink(int Source, int Position);
