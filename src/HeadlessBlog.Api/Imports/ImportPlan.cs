using HeadlessBlog.Api.Articles;

namespace HeadlessBlog.Api.Imports;

/// <summary>What a file holds, read into the app's own terms: the same for every format.</summary>
/// <param name="Format">The format it was read as.</param>
/// <param name="Tags">Tags with their fields (created first, matched by slug, then by name).</param>
/// <param name="Articles">Articles in file order, each an ordinary write request.</param>
/// <param name="Redirects">Old slugs (HeadlessBlog exports only).</param>
/// <param name="Skipped">Items of the file left out while reading it (pages, internal tags, …).</param>
/// <param name="Warnings">What was read differently from the file.</param>
public sealed record ImportPlan(
    string Format,
    List<ImportTag> Tags,
    List<ImportArticle> Articles,
    List<ImportRedirect> Redirects,
    List<SkippedItem> Skipped,
    List<string> Warnings);

/// <summary>A tag of the file.</summary>
public sealed record ImportTag(string Name, string Slug)
{
    public string? Description { get; init; }
    public string? MetaTitle { get; init; }
    public string? MetaDescription { get; init; }
    public string? FeatureImageUrl { get; init; }
    public DateTime? CreatedAt { get; init; }
    public DateTime? UpdatedAt { get; init; }
}

/// <summary>
/// An article of the file as the request that writes it (its tags named by the slugs of <see cref="ImportPlan.Tags"/>
/// or by name), with what a request does not carry.
/// </summary>
/// <param name="Request">The write, validated like the API's.</param>
/// <param name="CreatedAt">Kept when the file has it; else the time of the import.</param>
/// <param name="UpdatedAt">Kept when the file has it; else the time of the import.</param>
/// <param name="Related">Slugs of related articles, linked once every article exists.</param>
public sealed record ImportArticle(
    ArticleRequest Request, DateTime? CreatedAt = null, DateTime? UpdatedAt = null, IReadOnlyList<string>? Related = null)
{
    /// <summary>How the report names it: its slug, else its title.</summary>
    public string Label => Request.Slug is { Length: > 0 } slug ? slug : Request.Title;
}

/// <summary>An old slug of an article or a tag.</summary>
/// <param name="Type"><c>article</c> or <c>tag</c>.</param>
/// <param name="From">The old slug.</param>
/// <param name="To">The slug it now belongs to.</param>
public sealed record ImportRedirect(string Type, string From, string To);

/// <summary>A file that cannot be imported at all: answered 400 (unreadable) or 422 (readable, but not an export).</summary>
public sealed class ImportFileException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
