using System.Text;
using Strata.Core.Schema;

namespace Strata.Core.Storage;

/// <summary>
/// What SQLite and PostgreSQL share in DDL: identifier quoting, the table and index statement shapes, and the
/// mapping of field types to column kinds. Engines supply the type names and the few differing forms.
/// </summary>
public abstract class DialectBase
{
    /// <summary>The column type of text-like fields, with any collation.</summary>
    protected abstract string TextType { get; }

    /// <summary>The column type of number fields.</summary>
    protected abstract string NumberType { get; }

    /// <summary>The column type of bool fields.</summary>
    protected abstract string BoolType { get; }

    /// <summary>The column type of JSON values (json, geoPoint, multi-valued fields).</summary>
    protected abstract string JsonType { get; }

    /// <summary>The column definition of date and autodate fields.</summary>
    /// <param name="quotedName">The quoted column name.</param>
    protected abstract string DateColumn(string quotedName);

    /// <summary>Quotes an identifier that has already been validated as <c>^\w+$</c>.</summary>
    /// <param name="identifier">The identifier.</param>
    public string Quote(string identifier) => "\"" + identifier + "\"";

    /// <summary>The column definition (name, type, default) of a field.</summary>
    /// <param name="field">The field.</param>
    public string ColumnDefinition(Field field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var name = Quote(field.Name);
        if (field is TextField { PrimaryKey: true })
        {
            return $"{name} {TextType} PRIMARY KEY NOT NULL";
        }

        return field switch
        {
            _ when field.IsMultiValued => $"{name} {JsonType} NOT NULL DEFAULT '[]'",
            NumberField => $"{name} {NumberType} NOT NULL DEFAULT 0",
            BoolField => $"{name} {BoolType} NOT NULL DEFAULT FALSE",
            DateField or AutodateField => DateColumn(name),
            JsonField => $"{name} {JsonType} DEFAULT NULL",
            GeoPointField => $"{name} {JsonType} NOT NULL DEFAULT '{{\"lon\":0,\"lat\":0}}'",
            _ => $"{name} {TextType} NOT NULL DEFAULT ''",
        };
    }

    /// <summary>The statements that create a collection's table (without its indexes).</summary>
    /// <param name="collection">The collection.</param>
    public IReadOnlyList<string> CreateTable(Collection collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var sb = new StringBuilder();
        sb.Append("CREATE TABLE ").Append(Quote(collection.Name)).Append(" (");
        sb.AppendJoin(", ", collection.Fields.Select(ColumnDefinition).Concat(ExtraColumns()));
        sb.Append(')');
        return [sb.ToString(), .. AfterCreateTable(collection.Name)];
    }

    /// <summary>The statement that creates an index from its parsed definition.</summary>
    /// <param name="table">The table.</param>
    /// <param name="index">The index.</param>
    public string CreateIndex(string table, IndexDefinition index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var sb = new StringBuilder("CREATE ");
        if (index.Unique)
        {
            sb.Append("UNIQUE ");
        }

        sb.Append("INDEX ").Append(Quote(index.Name)).Append(" ON ").Append(Quote(table)).Append(" (");
        sb.AppendJoin(", ", index.Columns.Select(c => IndexColumnSql(c) + (c.Direction.Length > 0 ? " " + c.Direction : "")));
        sb.Append(')');
        if (!string.IsNullOrWhiteSpace(index.Where))
        {
            sb.Append(" WHERE ").Append(IndexWhere.Portable(index.Where));
        }

        return sb.ToString();
    }

    /// <summary>Extra column definitions every table gets (PostgreSQL's insertion-order column).</summary>
    protected virtual IEnumerable<string> ExtraColumns() => [];

    /// <summary>Statements run right after a table is created.</summary>
    /// <param name="table">The table name.</param>
    protected virtual IEnumerable<string> AfterCreateTable(string table) => [];

    /// <summary>One indexed column (with collation) as SQL.</summary>
    /// <param name="column">The column.</param>
    protected virtual string IndexColumnSql(IndexColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return Quote(column.Name) + (column.Collate.Length > 0 ? " COLLATE " + column.Collate : "");
    }
}
