using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;

namespace HeadlessBlog.Data;

/// <summary>
/// Classifies database failures. Each test walks the inner exceptions: SaveChanges wraps the provider's exception in a
/// DbUpdateException, the retrying execution strategy in a RetryLimitExceededException, while ExecuteUpdate, ExecuteDelete
/// and queries throw it bare.
/// </summary>
public static class DbErrors
{
    /// <summary>True when a write failed on a unique index or primary key (a concurrent insert of the same key).</summary>
    public static bool IsUniqueViolation(Exception exception) => ProviderException(exception) switch
    {
        // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        // Cannot insert duplicate key row (2601) / Violation of PRIMARY KEY or UNIQUE constraint (2627).
        SqlException sql => sql.Errors.Cast<SqlError>().Any(e => e.Number is 2601 or 2627),
        _ => false,
    };

    /// <summary>
    /// True when a write failed on a foreign key: it referenced a row another request deleted in between, or a delete met a
    /// row another request made refer to it. Not for CHECK constraints, which share SQL Server's error 547 and are bugs.
    /// </summary>
    public static bool IsForeignKeyViolation(Exception exception) => ProviderException(exception) switch
    {
        // SQLITE_CONSTRAINT_FOREIGNKEY; SQLITE_CONSTRAINT_CHECK is 275.
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 787,
        SqlException sql => sql.Errors.Cast<SqlError>().Any(e => e.Number is 547 && NamesForeignKey(e.Message)),
        _ => false,
    };

    /// <summary>
    /// True when the database could not serve the request (unreachable, locked, out of resources, timed out, out of
    /// retries) rather than refusing it: the client should retry later.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite:
                    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_PROTOCOL.
                    return sqlite.SqliteErrorCode is 5 or 6 or 7 or 10 or 13 or 14 or 15;
                case SqlException sql:
                    return sql.Errors.Cast<SqlError>().Any(IsUnavailable);
                case InvalidOperationException when IsPoolExhausted(e):
                case TimeoutException:
                // The execution strategy retries only transient errors, so running out of retries means "still unavailable".
                case RetryLimitExceededException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The SQL Server errors that mean "not now". Severity 20 and above is fatal to the connection: SqlClient reports its own
    /// network and login-handshake failures at severity 20 under many provider numbers, and the server closes the
    /// connection after such an error; the next request opens a fresh one.
    /// <para>
    /// 4060 (cannot open the database) is a 503: it is what a database being restored, failed over or brought online
    /// answers, and SqlClient's retry logic (SqlConfigurableRetryFactory and its reconnect list), EF's retrying strategy and
    /// Microsoft's transient-fault list for Azure SQL all count it as transient. A misspelt database name answers 4060 as
    /// well; it then shows as a 503 that never ends, logged as "Database unavailable".
    /// 18456 (login failed) is a 500: a wrong password or a dropped login is a configuration bug that no retry cures, so
    /// clients must not be told to come back, and the operator sees it logged as unhandled; none of those lists has it.
    /// </para>
    /// <para>
    /// 701, 1105 and 9002 (out of memory, filegroup full, log full) are in no retry list, as an immediate retry rarely
    /// helps, but the request was valid and will succeed once memory frees up, the log is backed up or a file grows: a 503.
    /// </para>
    /// </summary>
    private static bool IsUnavailable(SqlError error) => error.Class >= 20 || error.Number is
        // Timeout; network and connection errors.
        -2 or 2 or 53 or 121 or 233 or 10053 or 10054 or 10060
        // Out of resources: insufficient memory (701), filegroup full (1105), transaction log full (9002).
        or 701 or 1105 or 9002
        // Deadlock victim (1205), lock request timeout (1222).
        or 1205 or 1222
        // Database cannot be opened now (4060); Azure SQL throttling and reconfiguration.
        or 4060 or 10928 or 10929 or 40143 or 40197 or 40501 or 40613 or 49918 or 49919 or 49920;

    /// <summary>
    /// SqlClient's "Timeout expired. The timeout period elapsed prior to obtaining a connection from the pool. [...] max pool
    /// size was reached." (ADP.PooledOpenTimeout): every pooled connection stayed busy for the whole connect timeout.
    /// It is a plain InvalidOperationException, so the text tells it apart; SqlClient puts two spaces between its sentences.
    /// </summary>
    private static bool IsPoolExhausted(Exception exception)
    {
        var message = string.Join(' ', exception.Message.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return message.Contains("prior to obtaining a connection from the pool", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether a 547 message names a FOREIGN KEY (insert, update) or REFERENCE (delete) constraint rather than a CHECK:
    /// "The DELETE statement conflicted with the REFERENCE constraint "FK_...". The conflict occurred in [...]". Only the
    /// text before the quoted constraint name is read, so a constraint's name cannot mislead.
    /// </summary>
    private static bool NamesForeignKey(string message)
    {
        var quote = message.IndexOf('"', StringComparison.Ordinal);
        var kind = quote < 0 ? message : message[..quote];
        return kind.Contains("FOREIGN KEY", StringComparison.Ordinal) || kind.Contains("REFERENCE", StringComparison.Ordinal);
    }

    /// <summary>The first SQL Server or SQLite exception in the chain of inner exceptions, if any.</summary>
    private static Exception? ProviderException(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqlException or SqliteException)
            {
                return e;
            }
        }

        return null;
    }
}
