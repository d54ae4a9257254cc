using System.Security.Cryptography;

namespace Strata.Core.Schema;

/// <summary>Record ids and secrets from the cryptographic RNG (ids must not be guessable).</summary>
public static class RandomId
{
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const string SecretAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>The default id length.</summary>
    public const int Length = 15;

    /// <summary>A new 15-character id matching <c>^[a-z0-9]+$</c>.</summary>
    public static string New() => RandomNumberGenerator.GetString(IdAlphabet, Length);

    /// <summary>A random <c>[a-zA-Z0-9]</c> string, used for token secrets and token keys.</summary>
    /// <param name="length">The length.</param>
    public static string Secret(int length = 50)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return RandomNumberGenerator.GetString(SecretAlphabet, length);
    }
}
