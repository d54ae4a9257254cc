namespace Strata.Core.Schema;

public sealed partial class Collection
{
    /// <summary>A deep copy: cached schema instances are shared and must not be edited in place.</summary>
    public Collection Clone()
    {
        var copy = (Collection)MemberwiseClone();
        copy.Fields = [.. Fields.Select(f => f.Clone())];
        copy.Indexes = [.. Indexes];
        copy.Auth = Auth?.Clone();
        return copy;
    }

    /// <summary>Finds a field by id, or null.</summary>
    /// <param name="id">The field id.</param>
    public Field? FindFieldById(string id)
    {
        foreach (var f in Fields)
        {
            if (string.Equals(f.Id, id, StringComparison.Ordinal))
            {
                return f;
            }
        }

        return null;
    }

    /// <summary>True for the auth collection <c>_superusers</c>.</summary>
    public bool IsSuperusers => Type == CollectionType.Auth && string.Equals(Name, "_superusers", StringComparison.Ordinal);
}
