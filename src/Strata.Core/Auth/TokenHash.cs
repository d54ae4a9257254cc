using System.Security.Cryptography;
using System.Text;

namespace Strata.Core.Auth;

/// <summary>The SHA-256 (lower-case hex) under which tokens and API keys are stored: a leaked table holds no usable secret.</summary>
public static class TokenHash
{
    /// <summary>Hashes a token or key.</summary>
    /// <param name="secret">The token or key as presented.</param>
    public static string Of(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret ?? "")));
}
