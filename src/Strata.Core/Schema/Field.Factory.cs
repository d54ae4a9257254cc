namespace Strata.Core.Schema;

public abstract partial class Field
{
    /// <summary>The fourteen contract type names, in the admin console's order.</summary>
    public static IReadOnlyList<string> TypeNames { get; } =
        ["text", "editor", "number", "bool", "email", "url", "date", "autodate", "select", "file", "relation", "json", "password", "geoPoint"];

    /// <summary>A new field of the given contract type with default options, or null for an unknown type.</summary>
    /// <param name="type">The type name, e.g. <c>text</c> (case-sensitive).</param>
    public static Field? Create(string? type) => type switch
    {
        "text" => new TextField(),
        "editor" => new EditorField(),
        "number" => new NumberField(),
        "bool" => new BoolField(),
        "email" => new EmailField(),
        "url" => new UrlField(),
        "date" => new DateField(),
        "autodate" => new AutodateField(),
        "select" => new SelectField(),
        "file" => new FileField(),
        "relation" => new RelationField(),
        "json" => new JsonField(),
        "password" => new PasswordField(),
        "geoPoint" => new GeoPointField(),
        _ => null,
    };

    /// <summary>A deep copy; schema instances in caches are shared, so edits work on clones.</summary>
    public Field Clone()
    {
        var copy = (Field)MemberwiseClone();
        copy.CopyListsAfterClone();
        return copy;
    }

    /// <summary>Replaces list options with copies after <see cref="object.MemberwiseClone"/>.</summary>
    internal virtual void CopyListsAfterClone()
    {
    }
}
