using System.Data.Common;
using System.Text.RegularExpressions;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Security;

/// <summary>A host whose database work can be interleaved with another editor's request at a chosen moment.</summary>
public interface IRaceFactory
{
    Race Race { get; }
}

public class RaceSqliteFactory : SqliteApiFactory, IRaceFactory
{
    public Race Race { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(Race.Register);
    }
}

public class RaceSqlServerFactory(SqlServerContainer container) : SqlServerApiFactory(container), IRaceFactory
{
    public Race Race { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(Race.Register);
    }
}

/// <summary>Where a request's database work is paused for the race: at SaveChanges, at BEGIN, or before a command outside any transaction.</summary>
public sealed record RacePoint(DbContext Context, string Stage, DbCommand? Command)
{
    public const string Saving = "saving";
    public const string TransactionStarting = "transaction";
    public const string BeforeCommand = "command";
}

/// <summary>
/// Makes a real race deterministic: when a request of the API reaches the armed point (before it takes any lock),
/// the action runs to completion first (typically another editor's HTTP request), then the request goes on.
/// Nothing is mocked: both requests run against the real database.
/// </summary>
public sealed partial class Race
{
    private sealed record Armed(Func<RacePoint, bool> When, Func<Task> Action);

    private Armed? _armed;
    private int _fired;

    public bool Fired => Volatile.Read(ref _fired) == 1;

    public Exception? Failure { get; private set; }

    public void Arm(Func<RacePoint, bool> when, Func<Task> action)
    {
        Volatile.Write(ref _fired, 0);
        Failure = null;
        Volatile.Write(ref _armed, new Armed(when, action));
    }

    public void Disarm()
    {
        Volatile.Write(ref _armed, null);
        Volatile.Read(ref _barrier)?.Gate.TrySetResult();
        Volatile.Write(ref _barrier, null);
    }

    private sealed class Meeting(Func<RacePoint, bool> when, int parties)
    {
        public Func<RacePoint, bool> When => when;

        public int Parties => parties;

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Arrived;
    }

    private Meeting? _barrier;

    /// <summary>How many requests met at the barrier armed last.</summary>
    public int Met { get; private set; }

    /// <summary>
    /// Holds every request reaching <paramref name="when"/> until <paramref name="parties"/> of them are there, then lets
    /// them all go at once: the worst interleaving, every request having read the same version before any saves.
    /// (A safety timeout releases them should fewer arrive, so that a broken API fails the test instead of hanging it.)
    /// </summary>
    public void ArmBarrier(Func<RacePoint, bool> when, int parties)
    {
        Met = 0;
        Volatile.Write(ref _barrier, new Meeting(when, parties));
    }

    private async Task MeetAsync(RacePoint point)
    {
        var meeting = Volatile.Read(ref _barrier);
        if (meeting is null || !meeting.When(point))
        {
            return;
        }

        var arrived = Interlocked.Increment(ref meeting.Arrived);
        Met = Math.Max(Met, arrived);
        if (arrived >= meeting.Parties)
        {
            meeting.Gate.TrySetResult();
        }

        try
        {
            await meeting.Gate.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            // Fewer requests arrived than expected; the test's assertion on Met reports it.
        }
    }

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IInterceptor>(new OnSave(this));
        services.AddSingleton<IInterceptor>(new OnTransaction(this));
        services.AddSingleton<IInterceptor>(new OnCommand(this));
    }

    /// <summary>SaveChanges of a request that modifies article <paramref name="id"/>.</summary>
    public static Func<RacePoint, bool> SavingArticle(int id) => p =>
        p.Stage == RacePoint.Saving
        && p.Context.ChangeTracker.Entries<Article>().Any(e => e.Entity.Id == id && e.State == EntityState.Modified);

    /// <summary>SaveChanges of a request that modifies tag <paramref name="id"/>.</summary>
    public static Func<RacePoint, bool> SavingTag(int id) => p =>
        p.Stage == RacePoint.Saving
        && p.Context.ChangeTracker.Entries<Tag>().Any(e => e.Entity.Id == id && e.State == EntityState.Modified);

    /// <summary>SaveChanges of a request that creates a tag named <paramref name="name"/>.</summary>
    public static Func<RacePoint, bool> AddingTag(string name)
    {
        var normalized = name.ToUpperInvariant();
        return p => p.Stage == RacePoint.Saving
            && p.Context.ChangeTracker.Entries<Tag>().Any(e => e.State == EntityState.Added && e.Entity.NormalizedName == normalized);
    }

    /// <summary>An explicit transaction begun by a request that tracks nothing (the article DELETE).</summary>
    public static Func<RacePoint, bool> DeletingArticle() => p =>
        p.Stage == RacePoint.TransactionStarting && !p.Context.ChangeTracker.Entries().Any();

    /// <summary>
    /// The transaction of a tag DELETE (the save of a deleted tag runs in one, at whose commit its event is written),
    /// before it starts.
    /// </summary>
    public static Func<RacePoint, bool> DeletingTag() => p =>
        p.Stage == RacePoint.TransactionStarting
        && p.Context.ChangeTracker.Entries<Tag>().Any(e => e.State == EntityState.Deleted);

    private async Task TryRunAsync(RacePoint point)
    {
        await MeetAsync(point);
        var armed = Volatile.Read(ref _armed);
        if (armed is null || !armed.When(point) || Interlocked.CompareExchange(ref _armed, null, armed) != armed)
        {
            return;
        }

        try
        {
            await armed.Action();
        }
#pragma warning disable CA1031 // The failure is reported to the test, not to the request under test.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failure = exception;
        }

        Volatile.Write(ref _fired, 1);
    }

    private sealed class OnSave(Race race) : SaveChangesInterceptor
    {
        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context)
            {
                await race.TryRunAsync(new RacePoint(context, RacePoint.Saving, null));
            }

            return result;
        }
    }

    private sealed class OnTransaction(Race race) : DbTransactionInterceptor
    {
        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context)
            {
                await race.TryRunAsync(new RacePoint(context, RacePoint.TransactionStarting, null));
            }

            return result;
        }
    }

    /// <summary>Only commands outside a transaction: inside one, the request may hold locks the other editor needs.</summary>
    private sealed class OnCommand(Race race) : DbCommandInterceptor
    {
        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context && command.Transaction is null)
            {
                await race.TryRunAsync(new RacePoint(context, RacePoint.BeforeCommand, command));
            }

            return result;
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context && command.Transaction is null)
            {
                await race.TryRunAsync(new RacePoint(context, RacePoint.BeforeCommand, command));
            }

            return result;
        }
    }
}
