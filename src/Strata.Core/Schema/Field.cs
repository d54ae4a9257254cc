using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>
/// A collection field (contract §2.3). Subclasses carry the type-specific options. Record values in memory use
/// these CLR types: text-like fields, single select/relation/file: <see cref="string"/>; number: <see cref="double"/>;
/// bool: <see cref="bool"/>; date/autodate: the canonical string (<c>""</c> or <c>YYYY-MM-DD HH:MM:SS.sssZ</c>);
/// multiple select/relation/file: <see cref="IReadOnlyList{T}"/> of string; json: <see cref="System.Text.Json.Nodes.JsonNode"/>
/// or null; geoPoint: <see cref="GeoPoint"/>.
/// </summary>
public abstract partial class Field
{
    /// <summary>The field id, e.g. <c>text3208210256</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>The field name (<c>^\w+$</c>); also the column name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The contract's type name, e.g. <c>text</c>.</summary>
    public abstract string Type { get; }

    /// <summary>System fields cannot be removed or renamed.</summary>
    public bool System { get; set; }

    /// <summary>Hidden fields are output only to superusers and are not filterable by others.</summary>
    public bool Hidden { get; set; }

    /// <summary>An admin-console hint.</summary>
    public bool Presentable { get; set; }

    /// <summary>Help text for the admin console.</summary>
    public string Help { get; set; } = "";

    /// <summary>Whether the value must be non-zero.</summary>
    public bool Required { get; set; }

    /// <summary>How the value is stored and compared in filters.</summary>
    public abstract FilterValueType StorageType { get; }

    /// <summary>True when the value is a list (multiple select, relation or file).</summary>
    public virtual bool IsMultiValued => false;

    /// <summary>The zero value written when nothing is set.</summary>
    public abstract object? ZeroValue { get; }
}
