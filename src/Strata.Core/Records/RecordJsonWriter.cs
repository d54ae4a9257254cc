using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Schema;

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
            var value = record.Values[i];
            switch (value)
            {
                case string s when child is { ExcerptMax: > 0 }:
                    w.WriteStringValue(Excerpt.Make(s, child.ExcerptMax, child.ExcerptEllipsis));
                    break;
                case JsonNode n when child is { HasChildren: true }:
                    (child.Apply(n) ?? JsonValue.Create((string?)null))!.WriteTo(w);
                    break;
                default:
                    f.WriteValue(w, value);
                    break;
            }
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
}
