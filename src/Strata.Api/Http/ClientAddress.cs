using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Strata.Core.Settings;

namespace Strata.Api.Http;

/// <summary>The client's IP: the connection's address, or the <c>trustedProxy.headers</c> value when configured (contract §8.2).</summary>
public static class ClientAddress
{
    /// <summary>The client's IP as text.</summary>
    /// <param name="context">The request.</param>
    /// <param name="settings">The settings.</param>
    public static string Of(HttpContext context, SettingsStore settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Current["trustedProxy"] is JsonObject proxy && proxy["headers"] is JsonArray { Count: > 0 } headers)
        {
            var leftmost = proxy["useLeftmostIP"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
            foreach (var h in headers)
            {
                var name = h is JsonValue hv && hv.TryGetValue<string>(out var s) ? s : "";
                var value = name.Length > 0 ? context.Request.Headers[name].FirstOrDefault() : null;
                if (!string.IsNullOrWhiteSpace(value))
                {
                    var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    if (parts.Length > 0)
                    {
                        return leftmost ? parts[0] : parts[^1];
                    }
                }
            }
        }

        return context.Connection.RemoteIpAddress?.ToString() ?? "";
    }
}
