using System.Globalization;

namespace Strata.Core.Schema;

/// <summary>
/// Deterministic default ids (contract §0.5): collections <c>pbc_&lt;crc32(type + name)&gt;</c>, fields
/// <c>&lt;type&gt;&lt;crc32(name)&gt;</c>. Determinism matters: the SDK hard-codes the <c>_superusers</c> id.
/// </summary>
public static class CollectionIds
{
    /// <summary>The id of the system <c>_superusers</c> collection.</summary>
    public const string Superusers = "pbc_3142635823";

    /// <summary>The id of the default <c>users</c> collection.</summary>
    public const string Users = "_pb_users_auth_";

    /// <summary>The CRC-32 (IEEE) of the UTF-8 bytes of <paramref name="text"/>.</summary>
    /// <param name="text">The text to hash.</param>
    public static uint Crc32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Schema.Crc32.Compute(text);
    }

    /// <summary>The default collection id, e.g. <c>pbc_3142635823</c> for the auth collection <c>_superusers</c>.</summary>
    /// <param name="type">The collection type.</param>
    /// <param name="name">The collection name.</param>
    public static string ForCollection(CollectionType type, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "pbc_" + Crc32(CollectionTypeNames.ToWire(type) + name).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The default field id, e.g. <c>text3208210256</c> for the text field <c>id</c>.</summary>
    /// <param name="type">The field's contract type name.</param>
    /// <param name="name">The field name.</param>
    public static string ForField(string type, string name)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(name);
        return type + Crc32(name).ToString(CultureInfo.InvariantCulture);
    }
}
