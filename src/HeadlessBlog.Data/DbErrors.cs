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
                case SqlException:
                case TimeoutException:
                case System.Data.Common.DbException:
                case RetryLimitExceededException:
                    return true;
            }
        }

        return false;
    }
}
