using System.Text.Json.Nodes;
using Strata.Core;
using Strata.Core.Records;

namespace Strata;

/// <summary>Creates or updates superusers from the command line and from the bootstrap environment variables.</summary>
public static class SuperuserCommands
{
    /// <summary>Creates the superuser, or sets the password of the existing one with that email.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="email">The email.</param>
    /// <param name="password">The password (at least 8 characters).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when created, false when updated.</returns>
    public static async Task<bool> UpsertAsync(StrataEngine engine, string email, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var collection = engine.Records.Collection(RequestInfo.SuperusersCollection);
        var system = new RequestInfo { Auth = SystemSuperuser(collection) };
        var lookup = new RequestInfo { Query = new Dictionary<string, string> { ["email"] = email } };
        var existing = await engine.Records.FindFirstAsync(collection, "email:lower = @request.query.email:lower", lookup, cancellationToken);
        var body = new JsonObject { ["password"] = password, ["passwordConfirm"] = password };
        if (existing is null)
        {
            body["email"] = email;
            body["verified"] = true;
            await engine.Records.CreateAsync(collection, body, system, cancellationToken);
            return true;
        }

        // Re-running the bootstrap with the same password must not rotate the token key (that logs the admin out).
        if (!Core.Auth.PasswordHasher.Verify(existing.GetString("password"), password))
        {
            await engine.Records.UpdateAsync(collection, existing.Id, body, system, cancellationToken);
        }

        return false;
    }

    /// <summary>An in-memory superuser identity for server-side writes that bypass rules.</summary>
    /// <param name="superusers">The superusers collection.</param>
    public static Record SystemSuperuser(Core.Schema.Collection superusers) => new(superusers);
}
