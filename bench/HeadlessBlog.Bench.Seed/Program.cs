using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Bench.Seed;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

SeedOptions options;
string[] configurationArgs;
try
{
    (options, configurationArgs) = SeedOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    await Console.Error.WriteLineAsync(SeedOptions.Usage);
    return 1;
}

if (options.Help)
{
    Console.WriteLine(SeedOptions.Usage);
    return 0;
}

// The API's configuration sources for the database: environment variables, then the command line.
var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables()
    .AddCommandLine(configurationArgs)
    .Build();

var builder = new DbContextOptionsBuilder<BlogDbContext>();
// The same provider, connection string and migrations assembly as the API (content root: the current folder).
Database.Configure(builder, configuration, Directory.GetCurrentDirectory());

await using var db = new BlogDbContext(builder.Options);
Console.WriteLine(
    $"HeadlessBlog seed: {options.Articles} articles, {options.Tags} tags, seed {options.Seed}, " +
    $"provider {db.Database.ProviderName}, published over the 3 years before {options.Until:yyyy-MM-dd}.");

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await new Seeder(db, options, Console.Out).RunAsync(cancellation.Token);
