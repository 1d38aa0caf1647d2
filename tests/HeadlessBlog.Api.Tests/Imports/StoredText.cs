using HeadlessBlog.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace HeadlessBlog.Api.Tests.Imports;

/// <summary>Searches every text and binary column of the model's tables, on either provider.</summary>
internal static class StoredText
{
    /// <summary>The <c>table.column</c> names where some stored value contains <paramref name="text"/> (as UTF-8, in binary columns).</summary>
    public static async Task<List<string>> ContainingAsync(BlogDbContext db, string text, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        var found = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var type = property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType;
                if (property.GetColumnName(table) is not { } column || (type != typeof(string) && type != typeof(byte[])))
                {
                    continue;
                }

                var query = string.Concat(
                    "SELECT ", sql.DelimitIdentifier(column), " AS ", sql.DelimitIdentifier("Value"),
                    " FROM ", sql.DelimitIdentifier(table.Name, table.Schema), " WHERE ", sql.DelimitIdentifier(column), " IS NOT NULL");
                var contains = type == typeof(string)
                    ? (await db.Database.SqlQueryRaw<string>(query).ToListAsync(cancellationToken)).Any(v => v.Contains(text, StringComparison.Ordinal))
                    : (await db.Database.SqlQueryRaw<byte[]>(query).ToListAsync(cancellationToken)).Any(v => v.AsSpan().IndexOf(utf8) >= 0);
                if (contains)
                {
                    found.Add($"{table.Name}.{column}");
                }
            }
        }

        return found;
    }
}
