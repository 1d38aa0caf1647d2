using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FluentValidation;

namespace HeadlessBlog.Api.Delivery;

/// <summary><c>fields=id,slug,title</c>: only the named top-level JSON fields of a response (or of each list item).</summary>
public static class FieldSelection
{
    private const int MaxKeptOptions = 1_000;
    private static readonly ConcurrentDictionary<Type, HashSet<string>> Names = new();
    private static readonly ConcurrentDictionary<(JsonSerializerOptions Base, Chosen Fields), JsonSerializerOptions> Options = new();

    /// <summary>The chosen fields of <see cref="Type"/> (the response, or the type of a list's items), in canonical order.</summary>
    public sealed record Chosen(Type Type, string Names);

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

    /// <summary>
    /// Only the chosen fields of every <typeparamref name="TObject"/> in the response (the response itself, or the
    /// items of a page or an array); null when every field is wanted.
    /// </summary>
    public static Chosen? Of<TObject>(string? fields)
    {
        var names = Parse(fields).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return names.Length == 0 ? null : new Chosen(typeof(TObject), string.Join(',', names));
    }

    /// <summary>
    /// Serializer options that leave out the other properties of the chosen type, made once per set of fields (the
    /// fields are validated names, so the sets are few) and kept, as System.Text.Json expects options to be.
    /// </summary>
    public static JsonSerializerOptions OptionsFor(JsonSerializerOptions json, Chosen fields)
    {
        if (Options.TryGetValue((json, fields), out var known))
        {
            return known;
        }

        if (Options.Count >= MaxKeptOptions)
        {
            Options.Clear();
        }

        var keep = fields.Names.Split(',').ToHashSet(StringComparer.Ordinal);
        var resolver = (json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(info =>
        {
            if (info.Type != fields.Type || info.Kind != JsonTypeInfoKind.Object)
            {
                return;
            }

            for (var i = info.Properties.Count - 1; i >= 0; i--)
            {
                if (!keep.Contains(info.Properties[i].Name))
                {
                    info.Properties.RemoveAt(i);
                }
            }
        });
        return Options.GetOrAdd((json, fields), _ => new JsonSerializerOptions(json) { TypeInfoResolver = resolver });
    }
}
