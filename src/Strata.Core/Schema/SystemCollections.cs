namespace Strata.Core.Schema;

/// <summary>
/// The auth system collections of contract §4.11: <c>_externalAuths</c> (OAuth2 links), <c>_mfas</c> (open MFA
/// sessions) and <c>_otps</c> (one-time passwords, hashed). Their owners may read them through the records API.
/// </summary>
public static class SystemCollections
{
    /// <summary>The OAuth2 links collection.</summary>
    public const string ExternalAuths = "_externalAuths";

    /// <summary>The MFA sessions collection.</summary>
    public const string Mfas = "_mfas";

    /// <summary>The one-time passwords collection.</summary>
    public const string Otps = "_otps";

    private const string OwnerRule = "@request.auth.id != '' && recordRef = @request.auth.id && collectionRef = @request.auth.collectionId";

    /// <summary>The three collections, as created on first start (or added to a database that lacks them).</summary>
    public static IReadOnlyList<Collection> All() =>
    [
        Build(ExternalAuths, ["provider", "providerId"], deletable: true,
            ["CREATE UNIQUE INDEX `idx_externalAuths_record_provider` ON `_externalAuths` (`collectionRef`, `recordRef`, `provider`)",
             "CREATE UNIQUE INDEX `idx_externalAuths_collection_provider` ON `_externalAuths` (`collectionRef`, `provider`, `providerId`)"]),
        Build(Mfas, ["method"], deletable: false, ["CREATE INDEX `idx_mfas_collectionRef_recordRef` ON `_mfas` (`collectionRef`, `recordRef`)"]),
        Build(Otps, ["sentTo"], deletable: false, ["CREATE INDEX `idx_otps_collectionRef_recordRef` ON `_otps` (`collectionRef`, `recordRef`)"], otp: true),
    ];

    private static Collection Build(string name, string[] extra, bool deletable, string[] indexes, bool otp = false)
    {
        var fields = new List<Field>
        {
            CollectionDefaults.IdField(),
            new TextField { Name = "collectionRef", System = true, Required = true },
            new TextField { Name = "recordRef", System = true, Required = true },
        };
        if (otp)
        {
            // Codes are short-lived and low-entropy: a cheap bcrypt keeps them unreadable at rest without slowing logins.
            fields.Add(new PasswordField { Name = "password", System = true, Hidden = true, Required = true, Cost = 8 });
        }

        fields.AddRange(extra.Select(f => new TextField { Name = f, System = true, Required = f != "sentTo" }));
        fields.Add(CollectionDefaults.CreatedField());
        fields.Add(CollectionDefaults.UpdatedField());
        var c = new Collection
        {
            Name = name,
            Type = CollectionType.Base,
            System = true,
            ListRule = OwnerRule,
            ViewRule = OwnerRule,
            DeleteRule = deletable ? OwnerRule : null,
            Fields = fields,
            Indexes = [.. indexes],
        };
        CollectionDefaults.ApplyNew(c);
        return c;
    }
}
