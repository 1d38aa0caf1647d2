using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace HeadlessBlog.Data;

public static class DbErrors
{
    /// <summary>True when a save failed on a unique index or primary key (a concurrent insert of the same key).</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        // Cannot insert duplicate key row (2601) / Violation of PRIMARY KEY or UNIQUE constraint (2627).
        SqlException sql => sql.Number is 2601 or 2627,
        _ => false,
    };

    /// <summary>
    /// True when the database could not serve the request (unreachable, locked, timed out, out of retries) rather
    /// than refusing it: the client should retry later.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbUpdateException update when IsUniqueViolation(update):
                    return false;
                case SqliteException sqlite:
                    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_NOMEM, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_PROTOCOL.
                    return sqlite.SqliteErrorCode is 5 or 6 or 7 or 10 or 13 or 14 or 15;
                case SqlException sql:
                    // Timeouts, network and availability errors, throttling, deadlocks; or the connection broke (severity 20+).
                    return sql.Class >= 20 || sql.Number is -2 or 2 or 53 or 121 or 233 or 1205 or 4060 or 10053 or 10054
                        or 10060 or 10928 or 10929 or 40143 or 40197 or 40501 or 40613 or 49918 or 49919 or 49920;
                case TimeoutException:
                case RetryLimitExceededException:
                    return true;
            }
        }

        return false;
    }
}
