using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace HeadlessBlog.Api.Http;

/// <summary>
/// Whole-number query parameters: <c>int?</c> and <c>long?</c> properties of a query record with <c>[FromQuery]</c> and
/// <c>[Range]</c> (which the OpenAPI document shows too). Their text must be plain digits ("+1", " 1" and "1e2" are
/// refused, though <c>int</c> parsing would take some) within the range. Checked by <see cref="ValidationFilter"/>
/// for values that bound, and by the exception handler for values that did not, with the same message.
/// </summary>
public static class WholeNumbers
{
    private static readonly ConcurrentDictionary<MethodInfo, IReadOnlyList<Parameter>> ByHandler = new();

    /// <summary>One whole-number query parameter and its range.</summary>
    public sealed record Parameter(string Name, long Min, long Max)
    {
        public string Message => Max is int.MaxValue or long.MaxValue
            ? $"'{Name}' must be a whole number of at least {Min}."
            : $"'{Name}' must be a whole number from {Min} to {Max}.";
    }

    /// <summary>The whole-number query parameters of a handler's <c>[AsParameters]</c> records (found once per handler).</summary>
    public static IReadOnlyList<Parameter> Of(MethodInfo handler) => ByHandler.GetOrAdd(handler, static method =>
    [
        .. from parameter in method.GetParameters()
           where parameter.GetCustomAttribute<AsParametersAttribute>() is not null
           from property in parameter.ParameterType.GetProperties()
           where Nullable.GetUnderlyingType(property.PropertyType) is { } number && (number == typeof(int) || number == typeof(long))
           let query = property.GetCustomAttribute<FromQueryAttribute>()
           let range = property.GetCustomAttribute<RangeAttribute>()
           where query is not null && range is not null
           select new Parameter(
               query.Name ?? property.Name,
               Convert.ToInt64(range.Minimum, CultureInfo.InvariantCulture),
               Convert.ToInt64(range.Maximum, CultureInfo.InvariantCulture)),
    ]);

    /// <summary>The errors of the request's whole-number parameters (none: empty).</summary>
    public static Dictionary<string, List<string>> Check(HttpRequest request, IReadOnlyList<Parameter> parameters)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            if (request.Query.TryGetValue(parameter.Name, out var values) && !IsValid(values.ToString(), parameter))
            {
                errors[parameter.Name] = [parameter.Message];
            }
        }

        return errors;
    }

    private static bool IsValid(string text, Parameter parameter) =>
        text.Length > 0 && text.All(char.IsAsciiDigit)
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
        && value >= parameter.Min && value <= parameter.Max;
}
