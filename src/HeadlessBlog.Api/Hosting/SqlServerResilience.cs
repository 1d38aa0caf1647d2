using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace HeadlessBlog.Api.Hosting;

/// <summary>
/// How long a request may wait for SQL Server (section <c>Database:SqlServer</c>). Chosen so that with the server down
/// or unreachable every request answers 503 within 10 seconds: an attempt to reach it costs at most
/// <see cref="ConnectTimeoutSeconds"/>, and no retry starts that would end after <see cref="RetryBudgetSeconds"/>.
/// </summary>
public sealed class SqlServerResilienceOptions
{
    /// <summary>Seconds to open a connection, used when the connection string sets no <c>Connect Timeout</c>.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 3;

    /// <summary>Seconds a request's command may run (migrations at startup have their own, longer timeout).</summary>
    public int CommandTimeoutSeconds { get; set; } = 5;

    /// <summary>Retries of an operation that failed with a transient error (EF's execution strategy).</summary>
    public int MaxRetryCount { get; set; } = 3;

    /// <summary>The longest pause between two attempts.</summary>
    public double MaxRetryDelaySeconds { get; set; } = 1;

    /// <summary>No retry starts that could end later than this after the first attempt began.</summary>
    public double RetryBudgetSeconds { get; set; } = 8;

    public static SqlServerResilienceOptions From(IConfiguration configuration) =>
        configuration.GetSection("Database:SqlServer").Get<SqlServerResilienceOptions>() ?? new();

    /// <summary>The connection string with <see cref="ConnectTimeoutSeconds"/> unless it sets its own.</summary>
    public string Apply(string connectionString)
    {
        var builder = new SqlConnectionStringBuilder(connectionString);
        if (!builder.ShouldSerialize(nameof(SqlConnectionStringBuilder.ConnectTimeout)) && !HasKey(connectionString))
        {
            builder.ConnectTimeout = ConnectTimeoutSeconds;
        }

        return builder.ConnectionString;
    }

    private static bool HasKey(string connectionString) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() is "CONNECTTIMEOUT" or "CONNECTIONTIMEOUT" or "TIMEOUT");
}

/// <summary>
/// EF's SQL Server retrying strategy, bounded in time as well as in count: it gives up (and the request answers 503)
/// rather than start an attempt that, taking as long as the last one did, would end after the budget. Quick transient
/// failures (a deadlock victim, a failover) are still retried; slow ones (a server that does not answer) are not.
/// </summary>
public sealed class BoundedSqlServerRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies, SqlServerResilienceOptions options)
    : SqlServerRetryingExecutionStrategy(
        dependencies, options.MaxRetryCount, TimeSpan.FromSeconds(options.MaxRetryDelaySeconds), errorNumbersToAdd: null)
{
    private long _firstAttemptStarted;
    private long _lastAttemptStarted;

    protected override void OnFirstExecution()
    {
        base.OnFirstExecution();
        _firstAttemptStarted = _lastAttemptStarted = Stopwatch.GetTimestamp();
    }

    /// <summary>Never after a failed COMMIT: the change may have been saved, and doing it again would answer 409 or 412 for it.</summary>
    protected override bool ShouldRetryOn(Exception exception) => !CommitOutcome.IsUnknown(exception) && base.ShouldRetryOn(exception);

    protected override TimeSpan? GetNextDelay(Exception lastException)
    {
        if (base.GetNextDelay(lastException) is not { } delay)
        {
            return null;
        }

        var lastAttempt = Stopwatch.GetElapsedTime(_lastAttemptStarted);
        var end = Stopwatch.GetElapsedTime(_firstAttemptStarted) + delay + lastAttempt;
        if (end > TimeSpan.FromSeconds(options.RetryBudgetSeconds))
        {
            return null;
        }

        _lastAttemptStarted = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        return delay;
    }
}

/// <summary>
/// Marks the exception of a COMMIT that failed. Whether the server committed is then unknown (its acknowledgement may be
/// what was lost), so the operation is not retried and the client is told to read the resource before trying again.
/// </summary>
public sealed class CommitOutcome : DbTransactionInterceptor
{
    private const string Key = "HeadlessBlog.CommitOutcomeUnknown";

    public static bool IsUnknown(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e.Data.Contains(Key))
            {
                return true;
            }
        }

        return false;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Mark(eventData);

    public override Task TransactionFailedAsync(
        DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Mark(eventData);
        return Task.CompletedTask;
    }

    private static void Mark(TransactionErrorEventData eventData)
    {
        if (eventData.Action == "Commit")
        {
            eventData.Exception.Data[Key] = true;
        }
    }
}

internal static class SqlServerResilience
{
    public static void UseResilientSqlServer(this DbContextOptionsBuilder options, string connectionString, IConfiguration configuration)
    {
        var resilience = SqlServerResilienceOptions.From(configuration);
        var applied = resilience.Apply(connectionString);
        options.UseSqlServer(applied, sql => sql
            .MigrationsAssembly("HeadlessBlog.Migrations.SqlServer")
            .CommandTimeout(resilience.CommandTimeoutSeconds)
            .ExecutionStrategy(dependencies => new BoundedSqlServerRetryingExecutionStrategy(dependencies, resilience)))
            .AddInterceptors(new CommitOutcome());
    }
}
