using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace HeadlessBlog.Api.Imports;

/// <summary>Imports (section <c>Imports</c>).</summary>
public sealed class ImportOptions
{
    /// <summary>Largest import file in bytes (100 MiB); every other endpoint keeps <c>Limits:MaxRequestBodyBytes</c>.</summary>
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>The Ghost site's address, put in place of <c>__GHOST_URL__</c> in a Ghost export's URLs.</summary>
    public string? GhostUrl { get; set; }

    /// <summary>Articles saved together in one transaction.</summary>
    public int BatchSize { get; set; } = 100;
}

/// <summary>The export formats an import reads.</summary>
public static class ImportFormats
{
    public const string Ghost = "ghost";
    public const string WordPress = "wordpress";
    public const string HeadlessBlog = "headlessblog";
    public static readonly string[] All = [Ghost, WordPress, HeadlessBlog];
}

/// <summary>Where a job stands.</summary>
public static class ImportStatuses
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

/// <summary>What an import does with an article whose slug exists.</summary>
public static class ConflictModes
{
    public const string Skip = "skip";
    public const string Update = "update";
}

/// <summary>Options of an import.</summary>
public sealed record ImportQuery
{
    /// <summary><c>ghost</c>, <c>wordpress</c> or <c>headlessblog</c>; detected from the file when omitted.</summary>
    [FromQuery(Name = "format")]
    [AllowedValues(ImportFormats.Ghost, ImportFormats.WordPress, ImportFormats.HeadlessBlog)]
    public string? Format { get; init; }

    /// <summary>Report what would happen and write no content.</summary>
    [FromQuery(Name = "dryRun")]
    [DefaultValue(false)]
    public bool? DryRun { get; init; }

    /// <summary><c>skip</c> (default) leaves an article whose slug exists as it is; <c>update</c> replaces its fields.</summary>
    [FromQuery(Name = "onConflict")]
    [AllowedValues(ConflictModes.Skip, ConflictModes.Update)]
    [DefaultValue(ConflictModes.Skip)]
    public string? OnConflict { get; init; }
}

public sealed class ImportQueryValidator : AbstractValidator<ImportQuery>
{
    public ImportQueryValidator()
    {
        RuleFor(q => q.Format)
            .Must(f => f is null || ImportFormats.All.Contains(f))
            .WithMessage($"'format' must be one of {string.Join(", ", ImportFormats.All)}.");
        RuleFor(q => q.OnConflict)
            .Must(c => c is null or ConflictModes.Skip or ConflictModes.Update)
            .WithMessage("'onConflict' must be 'skip' or 'update'.");
    }
}

/// <summary>An article of the file that was not imported, and why.</summary>
/// <param name="Slug">Its slug in the file (its title when it has none).</param>
/// <param name="Reason">Why it was skipped.</param>
public sealed record SkippedItem(string Slug, string Reason);

/// <summary>An import job: where it stands and what it did.</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Format"><c>ghost</c>, <c>wordpress</c> or <c>headlessblog</c>.</param>
/// <param name="Status"><c>queued</c>, <c>running</c>, <c>succeeded</c> or <c>failed</c>.</param>
/// <param name="DryRun">True when nothing is written.</param>
/// <param name="OnConflict"><c>skip</c> or <c>update</c>.</param>
/// <param name="CreatedAt">When the file was accepted (UTC).</param>
/// <param name="StartedAt">When the job started (UTC).</param>
/// <param name="FinishedAt">When it ended (UTC).</param>
/// <param name="Total">Articles in the file.</param>
/// <param name="Processed">Articles dealt with so far (created, updated or skipped).</param>
/// <param name="Created">Articles created (or, in a dry run, that would be).</param>
/// <param name="Updated">Existing articles replaced (or that would be).</param>
/// <param name="Skipped">Articles and other items not imported, with the reason.</param>
/// <param name="Warnings">What was imported differently from the file (e.g. a URL left as it was).</param>
/// <param name="Error">Why the job failed and where it stopped; the articles before that point are imported whole.</param>
public sealed record ImportJobResponse(
    Guid Id,
    string Format,
    string Status,
    bool DryRun,
    string OnConflict,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    int Total,
    int Processed,
    int Created,
    int Updated,
    IReadOnlyList<SkippedItem> Skipped,
    IReadOnlyList<string> Warnings,
    string? Error);
