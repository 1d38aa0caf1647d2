using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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
}
