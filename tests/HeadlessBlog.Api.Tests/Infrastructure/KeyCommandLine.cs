using System.Globalization;
using System.Text.RegularExpressions;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Data;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessBlog.Api.Tests.Infrastructure;

/// <summary>The <c>keys</c> command run on a test host's database, as <c>dotnet run -- keys …</c> runs it.</summary>
public static partial class KeyCommandLine
{
    /// <summary>A key as the command prints it: <c>hb_&lt;16 hex prefix&gt;_&lt;secret&gt;</c>.</summary>
    [GeneratedRegex("hb_[0-9a-f]{16}_[A-Za-z0-9_-]+")]
    public static partial Regex KeyPattern();

    [GeneratedRegex(@"^Created key (\d+) ")]
    private static partial Regex CreatedLine();

    /// <summary>Runs <c>keys …</c> (skips the test where the database is unavailable here).</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(ApiFactory factory, params string[] args)
    {
        Assert.SkipWhen(factory.UnavailableReason is not null, factory.UnavailableReason ?? "");
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        await using var scope = factory.Services.CreateAsyncScope();
        var exit = await KeyCommands.RunAsync(args, scope.ServiceProvider.GetRequiredService<BlogDbContext>(), factory.Clock, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary><c>keys create --name … --scope …</c> (asserting success): the new key's id and the key shown once.</summary>
    public static async Task<(int Id, string Key)> CreateKeyAsync(ApiFactory factory, string name, params string[] scopes)
    {
        var (exit, output, error) = await RunAsync(factory, ["keys", "create", "--name", name, .. scopes.SelectMany(s => new[] { "--scope", s })]);
        Assert.True(exit == 0, error);
        var id = int.Parse(CreatedLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return (id, KeyPattern().Match(output).Value);
    }
}
