namespace HeadlessBlog.Api.Changes;

/// <summary>Change-log settings (section <c>Changes</c>).</summary>
public sealed class ChangeOptions
{
    /// <summary>Events older than this are purged (in batches), and sync tokens older than this answer 410.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>How often each instance reads the change log for what other instances wrote, and records scheduled publications.</summary>
    public double PollSeconds { get; set; } = 1;

    /// <summary>
    /// How long readers wait at a gap in the event numbers before passing it: on SQL Server an event numbered lower can
    /// commit after a higher one (identity values are taken at insert), and a rolled-back write leaves a gap for good.
    /// Longer than any write's transaction.
    /// </summary>
    public double GapSeconds { get; set; } = 10;

    /// <summary>
    /// Whether this instance runs <see cref="ChangeWorker"/>: records scheduled publications, evicts what other instances
    /// wrote, purges old events. Every instance that serves reads needs it (tests call its rounds themselves).
    /// </summary>
    public bool RunWorker { get; set; } = true;
}
