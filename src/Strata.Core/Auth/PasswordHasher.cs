using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;

namespace Strata.Core.Auth;

/// <summary>
/// bcrypt password hashes (OpenBSD <c>$2a$</c>/<c>$2b$</c>/<c>$2y$</c>), so hashes imported from other systems verify.
/// </summary>
public static class PasswordHasher
{
    /// <summary>The default cost.</summary>
    public const int DefaultCost = 12;

    /// <summary>Hashes a password.</summary>
    /// <param name="password">The plain password (at most 72 bytes are significant).</param>
    /// <param name="cost">The bcrypt cost, 4..31.</param>
    public static string Hash(string password, int cost = DefaultCost)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(16);
        return OpenBsdBCrypt.Generate("2a", password.ToCharArray(), salt, Math.Clamp(cost, 4, 31));
    }

    /// <summary>Checks a password against a bcrypt hash; false for anything that is not a valid hash.</summary>
    /// <param name="hash">The stored hash.</param>
    /// <param name="password">The plain password.</param>
    public static bool Verify(string? hash, string? password)
    {
        if (string.IsNullOrEmpty(hash) || password is null || !hash.StartsWith("$2", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            // $2y$ (PHP) and $2b$ are the same algorithm; BouncyCastle knows them all.
            return OpenBsdBCrypt.CheckPassword(hash, password.ToCharArray());
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A hash of a random password, used to keep timing equal when no record matches a login.</summary>
    public static string DummyHash { get; } = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
}
