using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace HeadlessBlog.Api.Tests.Schema;

/// <summary>
/// The SQL Server execution strategy the API uses, run on real EF code with SqlClient's own exceptions (no server):
/// what it retries, and when it stops.
/// </summary>
public sealed class SqlServerRetryTests : IDisposable
{
    private readonly HeadlessBlog.Data.BlogDbContext _context = BlogContexts.SqlServer();

    public void Dispose() => _context.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>1205: chosen as a deadlock victim, transient for EF.</summary>
    private static Microsoft.Data.SqlClient.SqlException Deadlock() => DatabaseExceptions.Sql(1205, 13, "Transaction was deadlocked on lock resources with another process.");

    private BoundedSqlServerRetryingExecutionStrategy Strategy(SqlServerResilienceOptions? options = null) =>
        new(_context.GetService<ExecutionStrategyDependencies>(), options ?? new());

    [Fact]
    public async Task QuickTransientFailure_IsRetried()
    {
        var attempts = 0;

        var result = await Strategy().ExecuteAsync(0, (_, _, _) => ++attempts < 3 ? throw Deadlock() : Task.FromResult(attempts), null, Ct);

        Assert.Equal(3, result);
    }

    [Fact]
    public async Task FailedCommit_IsNotRetried_BecauseTheChangeMayHaveBeenSaved()
    {
        var attempts = 0;
        var exception = Deadlock();
        exception.Data["HeadlessBlog.CommitOutcomeUnknown"] = true;

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() =>
            Strategy().ExecuteAsync<int, int>(0, (_, _, _) => { attempts++; throw exception; }, null, Ct));

        Assert.Equal(1, attempts);
        Assert.True(CommitOutcome.IsUnknown(thrown));
    }

    [Fact]
    public async Task SlowFailures_StopBeforeTheRetryBudgetIsSpent()
    {
        var attempts = 0;
        var options = new SqlServerResilienceOptions { MaxRetryCount = 10, MaxRetryDelaySeconds = 0.05, RetryBudgetSeconds = 1 };

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => Strategy(options).ExecuteAsync<int, int>(0, async (_, _, ct) =>
        {
            attempts++;
            await Task.Delay(TimeSpan.FromMilliseconds(400), ct);
            throw Deadlock();
        }, null, Ct));

        // 400 ms each: a third attempt would end after the 1 s budget; without the budget there would be 11.
        Assert.IsType<RetryLimitExceededException>(thrown);
        Assert.Equal(2, attempts);
    }

    [Theory]
    [InlineData("Server=db;Database=x", 3)]
    [InlineData("Server=db;Database=x;Connect Timeout=20", 20)]
    [InlineData("Server=db;Database=x;Timeout=7", 7)]
    public void ConnectTimeout_IsTheSettingUnlessTheConnectionStringSetsOne(string connectionString, int expected)
    {
        var applied = new SqlServerResilienceOptions().Apply(connectionString);

        Assert.Equal(expected, new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(applied).ConnectTimeout);
    }
}
