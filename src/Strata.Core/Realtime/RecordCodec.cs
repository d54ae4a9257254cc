using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Realtime;

/// <summary>
/// A record's stored values as JSON (every field, hidden ones included), so another node can check rules and render
/// the record exactly as it committed, without reading it back (a deleted record cannot be read back).
/// </summary>
internal static class RecordCodec
{
    public static JsonObject Encode(Record record)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            var fields = record.Collection.Fields;
            for (var i = 0; i < fields.Count; i++)
            {
                w.WritePropertyName(fields[i].Name);
                if (fields[i] is PasswordField)
                {
                    w.WriteStringValue(record.Values[i] as string ?? "");
                }
                else
                {
                    fields[i].WriteValue(w, record.Values[i]);
                }
            }

            w.WriteEndObject();
        }

        return (JsonObject)JsonNode.Parse(buffer.WrittenSpan)!;
    }

    public static Record Decode(Collection collection, JsonObject values)
    {
        var r = new Record(collection);
        var fields = collection.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            if (values.TryGetPropertyValue(fields[i].Name, out var node))
            {
                r.Values[i] = fields[i] is PasswordField ? node?.GetValue<string>() ?? "" : fields[i].Normalize(node);
            }
        }

        return r;
    }
}
