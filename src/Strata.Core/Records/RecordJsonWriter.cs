using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Schema;
using Strata.Core;

namespace Strata.Core.Records;

/// <summary>
/// Writes records as the contract's JSON (§1.7) straight to a <see cref="Utf8JsonWriter"/>: every visible field,
/// <c>collectionId</c>, <c>collectionName</c> and <c>expand</c>, honouring the <c>fields</c> picker.
/// </summary>
public static class RecordJsonWriter
{
    /// <summary>Writes one record.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="record">The record.</param>
    /// <param name="view">Who is looking, and which fields they picked.</param>
    /// <param name="picker">The <c>fields</c> picker at this level, or null for everything.</param>
    public static void Write(Utf8JsonWriter w, Record record, RecordView view, FieldsPicker? picker)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(view);
        var c = record.Collection;
        var isAuth = c.Type == CollectionType.Auth;
        w.WriteStartObject();
        var fields = c.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            if ((f.Hidden && !view.IsSuperuser) || f is PasswordField)
            {
                continue;
            }

            if (isAuth)
            {
                if (f.Name == "tokenKey")
                {
                    continue;
                }

                if (f.Name == "email" && !view.CanSeeEmail(record))
                {
                    continue;
                }
            }

            var child = picker is null ? null : picker.Child(f.Name);
            if (picker is not null && child is null)
            {
                continue;
            }

            w.WritePropertyName(f.Name);
            WriteValue(w, record.Values[i], child);
        }

        if (picker?.Child("collectionId") is not null || picker is null)
        {
            w.WriteString("collectionId", c.Id);
        }

        if (picker?.Child("collectionName") is not null || picker is null)
        {
            w.WriteString("collectionName", c.Name);
        }

        if (record.Expand is not null)
        {
            var expandPicker = picker is null ? null : picker.Child("expand");
            if (picker is null || expandPicker is not null)
            {
                w.WritePropertyName("expand");
                w.WriteStartObject();
                foreach (var (name, value) in record.Expand)
                {
                    var p = expandPicker is null ? null : expandPicker.Child(name);
                    if (expandPicker is not null && p is null)
                    {
                        continue;
                    }

                    var sub = p is { All: true, HasChildren: false } ? null : p;
                    w.WritePropertyName(name);
                    if (value is Record r)
                    {
                        Write(w, r, view, sub);
                    }
                    else if (value is IEnumerable<Record> list)
                    {
                        w.WriteStartArray();
                        foreach (var item in list)
                        {
                            Write(w, item, view, sub);
                        }

                        w.WriteEndArray();
                    }
                }

                w.WriteEndObject();
            }
        }

        w.WriteEndObject();
    }

    /// <summary>Writes one field value.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="value">The value.</param>
    /// <param name="picker">The picker for this key (for json sub-paths and excerpts), or null.</param>
    public static void WriteValue(Utf8JsonWriter w, object? value, FieldsPicker? picker = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        switch (value)
        {
            case null:
                w.WriteNullValue();
                break;
            case string s when picker is { ExcerptMax: > 0 }:
                w.WriteStringValue(Excerpt.Make(s, picker.ExcerptMax, picker.ExcerptEllipsis));
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case double d:
                w.WriteNumberValue(d);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case IReadOnlyList<string> list:
                w.WriteStartArray();
                foreach (var item in list)
                {
                    w.WriteStringValue(item);
                }

                w.WriteEndArray();
                break;
            case GeoPoint g:
                w.WriteStartObject();
                w.WriteNumber("lon", g.Lon);
                w.WriteNumber("lat", g.Lat);
                w.WriteEndObject();
                break;
            case JsonNode n when picker is { HasChildren: true }:
                (picker.Apply(n) ?? JsonValue.Create((string?)null))!.WriteTo(w);
                break;
            case JsonNode n:
                n.WriteTo(w);
                break;
            default:
                JsonSerializer.Serialize(w, value, value.GetType(), StrataJson.Options);
                break;
        }
    }
}
