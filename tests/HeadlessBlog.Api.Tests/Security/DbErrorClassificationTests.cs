using System.Text.Json;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Slugs;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static HeadlessBlog.Api.Tests.Infrastructure.DatabaseExceptions;

namespace HeadlessBlog.Api.Tests.Security;

/// <summary>
/// The problem each database failure becomes, through the real exception handler: a race the client can resolve is a 409,
/// a database that cannot serve now is a 503 with Retry-After, and only a genuine bug is a 500. The exceptions are the ones
/// SqlClient and Microsoft.Data.Sqlite throw, bare (ExecuteUpdate/ExecuteDelete, queries) or wrapped as EF wraps them.
/// </summary>
public sealed class DbErrorClassificationTests
{
    private const string Terminated = "The statement has been terminated.";

    /// <summary>409: another request won a race.</summary>
    private static readonly Dictionary<string, Func<Exception>> Races = new()
    {
        ["SqlError2601"] = () => Saved(Sql(2601, 14, "Cannot insert duplicate key row in object 'dbo.Tags' with unique index 'IX_Tags_Slug'. The duplicate key value is (news).", (3621, 0, Terminated))),
        ["SqlError2627"] = () => Saved(Sql(2627, 14, "Violation of UNIQUE KEY constraint 'AK_Articles_Slug'. Cannot insert duplicate key in object 'dbo.Articles'. The duplicate key value is (hello).", (3621, 0, Terminated))),
        ["SqlError2601Bare"] = () => Sql(2601, 14, "Cannot insert duplicate key row in object 'dbo.SlugRedirects' with unique index 'IX_SlugRedirects_Slug'. The duplicate key value is (news).", (3621, 0, Terminated)),
        ["SqlError2627Bare"] = () => Sql(2627, 14, "Violation of PRIMARY KEY constraint 'PK_ArticleTags'. Cannot insert duplicate key in object 'dbo.ArticleTags'. The duplicate key value is (1, 2).", (3621, 0, Terminated)),
        ["SqliteError2067"] = () => Saved(new SqliteException("SQLite Error 19: 'UNIQUE constraint failed: Tags.Slug'.", 19, 2067)),
        ["SqliteError2067Bare"] = () => new SqliteException("SQLite Error 19: 'UNIQUE constraint failed: SlugRedirects.Slug'.", 19, 2067),
        ["SqlError547ForeignKey"] = () => Saved(Sql(547, 16, "The INSERT statement conflicted with the FOREIGN KEY constraint \"FK_ArticleTags_Tags_TagId\". The conflict occurred in database \"Blog\", table \"dbo.Tags\", column 'Id'.", (3621, 0, Terminated))),
        ["SqlError547ReferenceBare"] = () => Sql(547, 16, "The DELETE statement conflicted with the REFERENCE constraint \"FK_ArticleLinks_Articles_TargetArticleId\". The conflict occurred in database \"Blog\", table \"dbo.ArticleLinks\", column 'TargetArticleId'.", (3621, 0, Terminated)),
        ["SqliteError787"] = () => Saved(new SqliteException("SQLite Error 19: 'FOREIGN KEY constraint failed'.", 19, 787)),
        ["SqliteError787Bare"] = () => new SqliteException("SQLite Error 19: 'FOREIGN KEY constraint failed'.", 19, 787),
        ["Concurrency"] = () => new DbUpdateConcurrencyException("The database operation was expected to affect 1 row(s), but actually affected 0 row(s)."),
    };

    /// <summary>503: the database cannot serve the request now; retrying later can succeed.</summary>
    private static readonly Dictionary<string, Func<Exception>> Outages = new()
    {
        ["SqlError1205"] = () => Sql(1205, 13, "Transaction (Process ID 57) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction."),
        ["SqlErrorMinus2"] = () => Sql(-2, 11, "Execution Timeout Expired.  The timeout period elapsed prior to completion of the operation or the server is not responding."),
        // Cannot open the database: it is being restored, failed over or resumed.
        ["SqlError4060"] = () => Sql(4060, 11, "Cannot open database \"Blog\" requested by the login. The login failed."),
        ["SqlError40613"] = () => Sql(40613, 17, "Database 'Blog' on server 'db.example' is not currently available. Please retry the connection later."),
        ["SqlError9002"] = () => Saved(Sql(9002, 17, "The transaction log for database 'Blog' is full due to 'LOG_BACKUP'.")),
        ["SqlError1105"] = () => Saved(Sql(1105, 17, "Could not allocate space for object 'dbo.Articles'.'PK_Articles' in database 'Blog' because the 'PRIMARY' filegroup is full.")),
        ["SqlError701"] = () => Sql(701, 17, "There is insufficient system memory in resource pool 'default' to run this query."),
        ["SqlError1222"] = () => Sql(1222, 16, "Lock request time out period exceeded."),
        ["PoolExhausted"] = PoolExhausted,
        ["PoolExhaustedInsideDbUpdate"] = () => Saved(PoolExhausted()),
        ["SqlClass20"] = () => Sql(35, 20, "A connection was successfully established with the server, but then an error occurred during the pre-login handshake. (provider: TCP Provider, error: 35 - An internal exception was caught)"),
        ["RetryLimitExceeded"] = () => new RetryLimitExceededException("The maximum number of retries (5) was exceeded while executing database operations with 'SqlServerRetryingExecutionStrategy'.", Saved(Sql(1205, 13, "Transaction (Process ID 57) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction."))),
        ["SqliteError5"] = () => new SqliteException("SQLite Error 5: 'database is locked'.", 5, 5),
        ["SqliteError6"] = () => new SqliteException("SQLite Error 6: 'database table is locked'.", 6, 6),
    };

    /// <summary>500: a bug in the application or its configuration, which no retry cures.</summary>
    private static readonly Dictionary<string, Func<Exception>> Bugs = new()
    {
        ["SqlError547Check"] = () => Saved(Sql(547, 16, "The INSERT statement conflicted with the CHECK constraint \"CK_ArticleLinks_NoSelfLink\". The conflict occurred in database \"Blog\", table \"dbo.ArticleLinks\".", (3621, 0, Terminated))),
        ["SqlError547CheckNamedLikeForeignKey"] = () => Sql(547, 16, "The UPDATE statement conflicted with the CHECK constraint \"CK_Links_FOREIGN KEY_REFERENCE\". The conflict occurred in database \"Blog\", table \"dbo.ArticleLinks\".", (3621, 0, Terminated)),
        // Login failed: a wrong password or a missing login, not an outage (the reasons are at DbErrors.IsUnavailable).
        ["SqlError18456"] = () => Sql(18456, 14, "Login failed for user 'blog'."),
        ["SqliteError275"] = () => Saved(new SqliteException("SQLite Error 19: 'CHECK constraint failed: CK_ArticleLinks_NoSelfLink'.", 19, 275)),
        ["OtherInvalidOperation"] = () => new InvalidOperationException("The configured execution strategy 'SqlServerRetryingExecutionStrategy' does not support user-initiated transactions."),
    };

    public static TheoryData<string> RaceCases => new(Races.Keys);

    public static TheoryData<string> OutageCases => new(Outages.Keys);

    public static TheoryData<string> BugCases => new(Bugs.Keys);

    [Theory]
    [MemberData(nameof(RaceCases))]
    public async Task Classify_RaceWithAnotherRequest_Returns409(string error)
    {
        var (status, retryAfter, problem) = await HandleAsync(Races[error]());

        Assert.Equal(409, status);
        Assert.Null(retryAfter);
        Assert.Equal("Conflict", problem.GetProperty("title").GetString());
        Assert.Contains("at the same time", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OutageCases))]
    public async Task Classify_DatabaseCannotServeNow_Returns503WithRetryAfter(string error)
    {
        var (status, retryAfter, problem) = await HandleAsync(Outages[error]());

        Assert.Equal(503, status);
        Assert.Equal("5", retryAfter);
        Assert.Equal("Service Unavailable", problem.GetProperty("title").GetString());
    }

    [Theory]
    [MemberData(nameof(BugCases))]
    public async Task Classify_GenuineBug_Returns500WithoutInternals(string error)
    {
        var exception = Bugs[error]();
        var (status, retryAfter, problem) = await HandleAsync(exception);

        Assert.Equal(500, status);
        Assert.Null(retryAfter);
        Assert.Equal("Internal Server Error", problem.GetProperty("title").GetString());
        Assert.DoesNotContain(exception.GetBaseException().Message, problem.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>How SaveChanges reports a failed command: the provider's exception inside a DbUpdateException.</summary>
    private static DbUpdateException Saved(Exception inner) =>
        new("An error occurred while saving the entity changes. See the inner exception for details.", inner);

    private static async Task<(int Status, string? RetryAfter, JsonElement Problem)> HandleAsync(Exception exception)
    {
        await using var services = new ServiceCollection()
            .AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDefaults.Apply)
            .AddMetrics()
            .AddSingleton<HeadlessBlog.Api.Telemetry.BlogMetrics>()
            .BuildServiceProvider();
        var handler = new ApiExceptionHandler(
            services.GetRequiredService<IProblemDetailsService>(), services.GetRequiredService<HeadlessBlog.Api.Telemetry.BlogMetrics>(),
            NullLogger<ApiExceptionHandler>.Instance);
        using var body = new MemoryStream();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = body;

        Assert.True(await handler.TryHandleAsync(http, exception, TestContext.Current.CancellationToken));

        var retryAfter = http.Response.Headers.RetryAfter is { Count: > 0 } value ? value.ToString() : null;
        using var json = JsonDocument.Parse(body.ToArray());
        var problem = json.RootElement.Clone();
        Assert.Equal(http.Response.StatusCode, problem.GetProperty("status").GetInt32());
        return (http.Response.StatusCode, retryAfter, problem);
    }
}
