using System.Data.Common;
using HeadlessBlog.Api.Imports;
using HeadlessBlog.Api.Tests.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;
using HeadlessBlog.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Imports;

/// <summary>
/// A host of its own for import tests (imports of fixed files need an empty database), with its logs captured, on
/// either provider.
/// </summary>
public interface IImportFactory : ILoggingHost
{
    /// <summary>The report of this host's one import of a fixed file, made by the first test that asks.</summary>
    Task<ImportJobResponse> ImportFixtureAsync(Func<Task<ImportJobResponse>> import);

    /// <summary>Another host like this one on a new, empty database of the same provider (the caller disposes it).</summary>
    ApiFactory NewEmpty();
}

/// <summary>The one import of a fixed file that the tests of a host share (made again if it failed).</summary>
public sealed class ImportOnce
{
    private readonly Lock _gate = new();
    private Task<ImportJobResponse>? _import;

    public Task<ImportJobResponse> RunAsync(Func<Task<ImportJobResponse>> import)
    {
        lock (_gate)
        {
            if (_import is null || _import.IsFaulted || _import.IsCanceled)
            {
                _import = import();
            }

            return _import;
        }
    }
}

public class ImportSqliteFactory : SqliteApiFactory, IImportFactory
{
    private readonly ImportOnce _once = new();

    public CapturedLogs Logs { get; } = new();

    public Task<ImportJobResponse> ImportFixtureAsync(Func<Task<ImportJobResponse>> import) => _once.RunAsync(import);

    public ApiFactory NewEmpty() => new ImportSqliteFactory();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        PreviewHost.Configure(builder, Logs);
    }
}

public class ImportSqlServerFactory : SqlServerApiFactory, IImportFactory
{
    private readonly SqlServerContainer _container;
    private readonly ImportOnce _once = new();

    public ImportSqlServerFactory(SqlServerContainer container)
        : base(container) => _container = container;

    public CapturedLogs Logs { get; } = new();

    public Task<ImportJobResponse> ImportFixtureAsync(Func<Task<ImportJobResponse>> import) => _once.RunAsync(import);

    public ApiFactory NewEmpty() => new ImportSqlServerFactory(_container);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        PreviewHost.Configure(builder, Logs);
    }
}

/// <summary>
/// The job tests' host: two articles a batch; a save with an article titled <see cref="Failing"/> fails before it is
/// sent, as a refused save would; a save with one titled <see cref="FailingOnServer"/> fails after the database ran
/// the command that inserted it, so that only the database's rollback can undo the batch.
/// </summary>
internal static class ImportJobHost
{
    public const string Failing = "This title makes the save fail";
    public const string FailingOnServer = "This title makes the database fail after the insert";

    public static Dictionary<string, string?> Settings() => new() { ["Imports:BatchSize"] = "2" };

    public static void Configure(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IInterceptor>(new FailingSave());
            services.AddSingleton<IInterceptor>(new FailingCommand());
        });

    private sealed class FailingSave : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<Article>().Any(e => e.Entity.Title == Failing)
                ? throw new DbUpdateException("The database refused the batch.")
                : ValueTask.FromResult(result);
    }

    /// <summary>Fails a command that wrote <see cref="FailingOnServer"/>, once the database has run it (inside the save's transaction).</summary>
    private sealed class FailingCommand : DbCommandInterceptor
    {
        private static bool Writes(DbCommand command) =>
            command.Parameters.Cast<DbParameter>().Any(p => p.Value is FailingOnServer);

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            if (!Writes(command))
            {
                return result;
            }

            // Its rows are written: the reader is closed (as a failing server would end it) so that the rollback can run.
            await result.DisposeAsync();
            throw new DbUpdateException("The database failed in the middle of the batch.");
        }

        public override ValueTask<int> NonQueryExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
            Writes(command) ? throw new DbUpdateException("The database failed in the middle of the batch.") : ValueTask.FromResult(result);
    }
}

public sealed class ImportJobSqliteFactory : ImportSqliteFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => ImportJobHost.Settings();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ImportJobHost.Configure(builder);
    }
}

public sealed class ImportJobSqlServerFactory(SqlServerContainer container) : ImportSqlServerFactory(container)
{
    protected override IReadOnlyDictionary<string, string?> Settings => ImportJobHost.Settings();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        ImportJobHost.Configure(builder);
    }
}

/// <summary>Imports over 4096 bytes are refused.</summary>
public sealed class ImportLimitSqliteFactory : ImportSqliteFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Imports:MaxBytes"] = "4096" };
}

/// <summary>Imports over 4096 bytes are refused.</summary>
public sealed class ImportLimitSqlServerFactory(SqlServerContainer container) : ImportSqlServerFactory(container)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Imports:MaxBytes"] = "4096" };
}

/// <summary>Ghost's <c>__GHOST_URL__</c> placeholder stands for <c>https://old.example.org/</c>.</summary>
public sealed class GhostUrlSqliteFactory : ImportSqliteFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Imports:GhostUrl"] = "https://old.example.org/" };
}

/// <summary>Ghost's <c>__GHOST_URL__</c> placeholder stands for <c>https://old.example.org/</c>.</summary>
public sealed class GhostUrlSqlServerFactory(SqlServerContainer container) : ImportSqlServerFactory(container)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Imports:GhostUrl"] = "https://old.example.org/" };
}
