using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;

namespace HeadlessBlog.Api.Infrastructure;

/// <summary><c>fields=id,slug,title</c>: only the named top-level JSON fields of a response (or of each list item).</summary>
public static class FieldSelection
{
    private static readonly ConcurrentDictionary<Type, HashSet<string>> Names = new();

    /// <summary>The JSON (camelCase) names of the public properties of <typeparamref name="T"/>.</summary>
    public static IReadOnlySet<string> FieldsOf<T>() =>
        Names.GetOrAdd(typeof(T), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .ToHashSet(StringComparer.Ordinal));

    public static IRuleBuilderOptions<TQuery, string?> KnownFields<TQuery, TResponse>(this IRuleBuilder<TQuery, string?> rule) =>
        rule
            .MaximumLength(1_000)
            .Must(f => Parse(f).All(FieldsOf<TResponse>().Contains))
            .WithMessage(q =>
                $"'fields' may only name fields of {typeof(TResponse).Name}: {string.Join(", ", FieldsOf<TResponse>().Order(StringComparer.Ordinal))}.");

    public static string[] Parse(string? fields) =>
        string.IsNullOrWhiteSpace(fields)
            ? []
            : fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A function keeping only the chosen fields of a JSON object, or null when every field is wanted.</summary>
    public static Func<JsonNode, JsonNode>? ForObject(string? fields)
    {
        var keep = Parse(fields).ToHashSet(StringComparer.Ordinal);
        return keep.Count == 0 ? null : node => Keep(node, keep);
    }

    /// <summary>Like <see cref="ForObject"/>, for the items of a page (<c>{items: [...], page, …}</c>) or of an array.</summary>
    public static Func<JsonNode, JsonNode>? ForItems(string? fields)
    {
        var keep = Parse(fields).ToHashSet(StringComparer.Ordinal);
        if (keep.Count == 0)
        {
            return null;
        }

        return node =>
        {
            var items = node is JsonObject page ? page["items"]?.AsArray() : node.AsArray();
            foreach (var item in items ?? [])
            {
                if (item is not null)
                {
                    Keep(item, keep);
                }
            }

            return node;
        };
    }

    private static JsonNode Keep(JsonNode node, HashSet<string> keep)
    {
        var obj = node.AsObject();
        foreach (var name in obj.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
        {
            obj.Remove(name);
        }

        return node;
    }
}
