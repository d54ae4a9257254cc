using System.Text.Json;

namespace Strata.Core.Schema;

public abstract partial class Field
{
    /// <summary>False for types without <c>help</c> and <c>required</c> keys (autodate).</summary>
    internal virtual bool HasHelpAndRequired => true;

    /// <summary>Writes the field object of contract §2.3: common keys, then the type's option keys.</summary>
    /// <param name="writer">The writer.</param>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("id", Id);
        writer.WriteString("name", Name);
        writer.WriteString("type", Type);
        writer.WriteBoolean("system", System);
        writer.WriteBoolean("hidden", Hidden);
        writer.WriteBoolean("presentable", Presentable);
        if (HasHelpAndRequired)
        {
            writer.WriteString("help", Help);
            writer.WriteBoolean("required", Required);
        }

        WriteOptions(writer);
        writer.WriteEndObject();
    }

    /// <summary>Writes the type-specific option keys.</summary>
    internal abstract void WriteOptions(Utf8JsonWriter writer);

    /// <summary>Applies the keys present in a field object; absent keys keep their current values.</summary>
    internal void ReadJson(JsonOptionReader r)
    {
        if (r.String("id") is { } id)
        {
            Id = id;
        }

        if (r.String("name") is { } name)
        {
            Name = name;
        }

        System = r.Bool("system") ?? System;
        Hidden = r.Bool("hidden") ?? Hidden;
        Presentable = r.Bool("presentable") ?? Presentable;
        if (HasHelpAndRequired)
        {
            Help = r.String("help") ?? Help;
            Required = r.Bool("required") ?? Required;
        }

        ReadOptions(r);
    }

    /// <summary>Applies the type-specific option keys present.</summary>
    internal abstract void ReadOptions(JsonOptionReader r);

    /// <summary>Writes a string array.</summary>
    private protected static void WriteStrings(Utf8JsonWriter writer, string key, IEnumerable<string> values)
    {
        writer.WriteStartArray(key);
        foreach (var v in values)
        {
            writer.WriteStringValue(v);
        }

        writer.WriteEndArray();
    }
}
