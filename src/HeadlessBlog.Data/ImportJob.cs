namespace HeadlessBlog.Data;

/// <summary>
/// An import of an export file (Ghost, WordPress or HeadlessBlog) run in the background: where it stands and what it
/// did. What it is to write is stored apart (<see cref="ImportUpload"/>) until the job ends.
/// </summary>
public sealed class ImportJob
{
    public Guid Id { get; set; }

    /// <summary><c>ghost</c>, <c>wordpress</c> or <c>headlessblog</c>.</summary>
    public required string Format { get; set; }

    /// <summary><c>queued</c>, <c>running</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    public required string Status { get; set; }

    /// <summary>Reports what would happen and writes no content.</summary>
    public bool DryRun { get; set; }

    /// <summary><c>skip</c> or <c>update</c>: what happens to an article whose slug exists.</summary>
    public required string OnConflict { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>Articles in the file.</summary>
    public int Total { get; set; }

    /// <summary>Articles dealt with so far (created, updated or skipped); committed with the batch that did them.</summary>
    public int Processed { get; set; }

    public int Created { get; set; }
    public int Updated { get; set; }

    /// <summary>JSON: <c>{"skipped":[{"slug","reason"}],"warnings":["…"]}</c>.</summary>
    public string Report { get; set; } = "";

    /// <summary>Why the job failed, and where it stopped.</summary>
    public string? Error { get; set; }

    /// <summary>The API key that sent the file (none from the command line); the job's writes name it as their actor.</summary>
    public int? ActorKeyId { get; set; }

    /// <summary>That key's name, or the command line's actor name; null when neither is known.</summary>
    public string? ActorName { get; set; }
}

/// <summary>
/// What an <see cref="ImportJob"/> is to write, as read from its file (JSON of the app's own terms: articles, tags,
/// redirects — nothing else of the file, such as users or their password hashes), kept until the job ends.
/// </summary>
public sealed class ImportUpload
{
    public Guid JobId { get; set; }
    public required byte[] Content { get; set; }
}
