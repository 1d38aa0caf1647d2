using System.Globalization;
using System.Reflection;
using Microsoft.Data.SqlClient;

namespace HeadlessBlog.Api.Tests.Infrastructure;

/// <summary>
/// The exceptions SqlClient throws, built without a server. SqlClient has no public constructors for them, so these use
/// the internal ones its own parser calls (Microsoft.Data.SqlClient 6.1); a version that renames them fails here loudly.
/// </summary>
public static class DatabaseExceptions
{
    private const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Instance;

    /// <summary>A server error as SqlClient reports it: the first error, then any that followed ("The statement has been terminated.").</summary>
    public static SqlException Sql(int number, byte severity, string message, params (int Number, byte Severity, string Message)[] more)
    {
        var errors = (SqlErrorCollection)Activator.CreateInstance(typeof(SqlErrorCollection), nonPublic: true)!;
        var add = typeof(SqlErrorCollection).GetMethod("Add", Internal, [typeof(SqlError)])
            ?? throw new MissingMethodException(nameof(SqlErrorCollection), "Add");
        foreach (var (n, s, m) in more.Prepend((number, severity, message)))
        {
            add.Invoke(errors, [Error(n, s, m)]);
        }

        var create = typeof(SqlException).GetMethod(
                "CreateException", BindingFlags.NonPublic | BindingFlags.Static, [typeof(SqlErrorCollection), typeof(string)])
            ?? throw new MissingMethodException(nameof(SqlException), "CreateException");
        return (SqlException)create.Invoke(null, [errors, "17.0.1000.7"])!;
    }

    /// <summary>
    /// What SqlClient throws when no pooled connection came free within the connect timeout, made by SqlClient's own
    /// factory method so the message is its text, not a copy; in the invariant culture, since SqlClient ships translations.
    /// </summary>
    public static Exception PoolExhausted()
    {
        var adp = typeof(SqlConnection).Assembly.GetType("Microsoft.Data.Common.ADP", throwOnError: true)!;
        var method = adp.GetMethod("PooledOpenTimeout", BindingFlags.NonPublic | BindingFlags.Static, Type.EmptyTypes)
            ?? throw new MissingMethodException(adp.FullName, "PooledOpenTimeout");
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try
        {
            return (Exception)method.Invoke(null, null)!;
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private static SqlError Error(int number, byte severity, string message)
    {
        Type[] parameters =
        [
            typeof(int), typeof(byte), typeof(byte), typeof(string), typeof(string), typeof(string), typeof(int), typeof(Exception),
        ];
        var constructor = typeof(SqlError).GetConstructor(Internal, parameters)
            ?? throw new MissingMethodException(nameof(SqlError), ".ctor");
        return (SqlError)constructor.Invoke([number, (byte)1, severity, "db.example", message, "", 1, null]);
    }
}
