using DotNet.Testcontainers.Builders;
using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

[assembly: AssemblyFixture(typeof(HeadlessBlog.Api.Tests.Infrastructure.SqlServerContainer))]

namespace HeadlessBlog.Api.Tests.Infrastructure;

/// <summary>One SQL Server container for the whole run, where Docker is available.</summary>
public sealed class SqlServerContainer : IAsyncLifetime
{
    public const string Image = "mcr.microsoft.com/mssql/server:2022-latest";

    private MsSqlContainer? _container;

    public string? UnavailableReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        try
        {
            _container = new MsSqlBuilder(Image).Build();
            await _container.StartAsync(TestContext.Current.CancellationToken);
        }
        catch (DockerUnavailableException exception)
        {
            _container = null;
            UnavailableReason = "SQL Server tests need Docker, which is not available here: " + exception.Message;
        }
    }

    /// <summary>A connection string to a new, empty database on the container.</summary>
    public string NewDatabase()
    {
        var builder = new SqlConnectionStringBuilder(_container!.GetConnectionString())
        {
            InitialCatalog = "headlessblog_" + Guid.NewGuid().ToString("N")[..12],
        };
        return builder.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}

/// <summary>The API on a real SQL Server (Testcontainers); skipped where Docker is not available.</summary>
public class SqlServerApiFactory : ApiFactory
{
    private readonly string? _connectionString;

    public SqlServerApiFactory(SqlServerContainer container)
    {
        UnavailableReason = container.UnavailableReason;
        _connectionString = UnavailableReason is null ? container.NewDatabase() : null;
    }

    public override string Provider => "SqlServer";

    public override string? ConnectionString => _connectionString;
}
