using System.Globalization;
using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessBlog.Api.Security;

/// <summary>
/// Key management from the app's own command line:
/// <c>keys create --name "Ada" --scope content:write</c>, <c>keys list</c>, <c>keys revoke &lt;id&gt;</c>.
/// </summary>
public static class KeyCommands
{
    public static bool IsKeyCommand(string[] args) => args.Length > 0 && args[0] == "keys";

    public static async Task<int> RunAsync(string[] args, BlogDbContext db, TimeProvider clock, TextWriter output, TextWriter error)
    {
        var command = args.Length > 1 ? args[1] : "";
        switch (command)
        {
            case "create":
                return await CreateAsync(args, db, clock, output, error);
            case "list":
                return await ListAsync(db, output);
            case "revoke":
                return await RevokeAsync(args, db, clock, output, error);
            default:
                await error.WriteLineAsync(Usage);
                return 2;
        }
    }

    public const string Usage = """
        Usage:
          keys create --name <name> --scope <content:read|content:write|webhooks:manage|audit:read> [--scope ...]
          keys list
          keys revoke <id>
        """;

    private static async Task<int> CreateAsync(string[] args, BlogDbContext db, TimeProvider clock, TextWriter output, TextWriter error)
    {
        var name = ValuesOf(args, "--name").LastOrDefault()?.Trim();
        var scopes = ValuesOf(args, "--scope").ToList();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            await error.WriteLineAsync("A key needs --name (1–100 characters).\n" + Usage);
            return 2;
        }

        if (scopes.Count == 0 || scopes.Any(s => !Scopes.All.Contains(s)))
        {
            await error.WriteLineAsync($"A key needs one or more --scope of: {string.Join(", ", Scopes.All)}.\n" + Usage);
            return 2;
        }

        var (entity, key) = ApiKeys.Create(name, scopes, clock.GetUtcNow().UtcDateTime);
        db.ApiKeys.Add(entity);
        await db.SaveChangesAsync();
        await output.WriteLineAsync($"Created key {entity.Id} \"{entity.Name}\" ({entity.Scopes}).");
        await output.WriteLineAsync("Store it now: it is shown only this once.");
        await output.WriteLineAsync(key);
        return 0;
    }

    private static async Task<int> ListAsync(BlogDbContext db, TextWriter output)
    {
        var keys = await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync();
        await output.WriteLineAsync("id\tname\tscopes\tcreated\tlast used\trevoked");
        foreach (var k in keys)
        {
            await output.WriteLineAsync(string.Join('\t',
                k.Id.ToString(CultureInfo.InvariantCulture), k.Name, k.Scopes, Format(k.CreatedAt), Format(k.LastUsedAt), Format(k.RevokedAt)));
        }

        return 0;
    }

    private static async Task<int> RevokeAsync(string[] args, BlogDbContext db, TimeProvider clock, TextWriter output, TextWriter error)
    {
        if (args.Length < 3 || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            await error.WriteLineAsync("keys revoke needs the id of a key (see keys list).");
            return 2;
        }

        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id);
        if (key is null)
        {
            await error.WriteLineAsync($"No key has the id {id}.");
            return 1;
        }

        key.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
        await output.WriteLineAsync($"Revoked key {key.Id} \"{key.Name}\".");
        return 0;
    }

    private static IEnumerable<string> ValuesOf(string[] args, string option)
    {
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == option)
            {
                yield return args[i + 1];
            }
        }
    }

    private static string Format(DateTime? value) =>
        value?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
