using System.Globalization;
using Npgsql;

namespace Strata.Postgres;

/// <summary>Accepts both connection-string forms users bring: Npgsql keywords and <c>postgres://</c> URLs.</summary>
public static class PostgresConnectionString
{
    /// <summary>Returns an Npgsql keyword connection string.</summary>
    /// <param name="connection">Keywords, or <c>postgres[ql]://user:pass@host:port/db?sslmode=...</c>.</param>
    /// <exception cref="ArgumentException">The URL cannot be parsed.</exception>
    public static string Normalize(string connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) &&
            !connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return connection;
        }

        if (!Uri.TryCreate(connection, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException("The PostgreSQL URL cannot be parsed.", nameof(connection));
        }

        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            b.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length > 1)
            {
                b.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var value = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
            if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase))
            {
                b.SslMode = Enum.Parse<SslMode>(value, ignoreCase: true);
            }
            else
            {
                b[key] = value;
            }
        }

        return b.ConnectionString.ToString(CultureInfo.InvariantCulture);
    }
}
