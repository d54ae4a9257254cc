using Strata.Core.Schema;

namespace Strata.Core.Records;

/// <summary>
/// One record: its collection and one value per field, stored by field position (no dictionary per row).
/// Values use the CLR types documented on <see cref="Field"/>.
/// </summary>
public sealed class Record
{
    /// <summary>Creates a record with every field at its zero value.</summary>
    /// <param name="collection">The collection.</param>
    public Record(Collection collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        Collection = collection;
        Values = new object?[collection.Fields.Count];
        for (var i = 0; i < Values.Length; i++)
        {
            Values[i] = collection.Fields[i].ZeroValue;
        }
    }

    /// <summary>The collection.</summary>
    public Collection Collection { get; }

    /// <summary>The values, in field order.</summary>
    public object?[] Values { get; }

    /// <summary>Expanded relations by field (or back-relation) name: a <see cref="Record"/> or a list of them.</summary>
    public Dictionary<string, object>? Expand { get; set; }

    /// <summary>The record id.</summary>
    public string Id
    {
        get => Get("id") as string ?? "";
        set => Set("id", value);
    }

    /// <summary>The value of a field, or null when the collection has no such field.</summary>
    /// <param name="name">The field name.</param>
    public object? Get(string name)
    {
        var i = IndexOf(name);
        return i < 0 ? null : Values[i];
    }

    /// <summary>The value of a field as text ("" when absent or not text).</summary>
    /// <param name="name">The field name.</param>
    public string GetString(string name) => Get(name) as string ?? "";

    /// <summary>Sets a field's value; ignored when the collection has no such field.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value.</param>
    public void Set(string name, object? value)
    {
        var i = IndexOf(name);
        if (i >= 0)
        {
            Values[i] = value;
        }
    }

    /// <summary>A copy with the same values (lists are immutable, so a shallow copy is enough).</summary>
    public Record Clone()
    {
        var r = new Record(Collection);
        Array.Copy(Values, r.Values, Values.Length);
        return r;
    }

    /// <summary>The position of a field, or -1.</summary>
    /// <param name="name">The field name.</param>
    public int IndexOf(string name)
    {
        var fields = Collection.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
