using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Migrations;

/// <summary>
/// What a code migration works with: collections declared in the contract's collection JSON (the same shape
/// <c>pb.collections.create</c> sends), and records. Changes made here do not write migration files: the code is the migration.
/// </summary>
public sealed class MigrationContext
{
    internal MigrationContext(SchemaManager schema, RecordService? records)
    {
        Schema = schema;
        RecordsOrNull = records;
    }

    /// <summary>The schema manager.</summary>
    public SchemaManager Schema { get; }

    /// <summary>The records service (for data migrations).</summary>
    public RecordService Records => RecordsOrNull ?? throw new InvalidOperationException("Records are not available here.");

    private RecordService? RecordsOrNull { get; }

    /// <summary>Creates a collection from its JSON definition.</summary>
    /// <param name="json">The collection JSON, e.g. <c>{"name":"posts","fields":[{"name":"title","type":"text"}]}</c>.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task<Collection> CreateCollectionAsync(string json, CancellationToken cancellationToken = default)
    {
        var c = CollectionJson.Read(Parse(json), null);
        CollectionDefaults.ApplyNew(c);
        return await Schema.SaveAsync(c, create: true, writeMigration: false, cancellationToken);
    }

    /// <summary>Changes a collection with a partial JSON definition (PATCH semantics).</summary>
    /// <param name="idOrName">The collection.</param>
    /// <param name="json">The partial definition, e.g. <c>{"listRule":""}</c>.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task<Collection> UpdateCollectionAsync(string idOrName, string json, CancellationToken cancellationToken = default)
    {
        var existing = Schema.Current.Find(idOrName) ?? throw StrataException.NotFound($"Collection {idOrName} does not exist.");
        var c = CollectionJson.Read(Parse(json), existing);
        c.Id = existing.Id;
        CollectionDefaults.ApplyNew(c);
        return await Schema.SaveAsync(c, create: false, writeMigration: false, cancellationToken);
    }

    /// <summary>Deletes a collection.</summary>
    /// <param name="idOrName">The collection.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public Task DeleteCollectionAsync(string idOrName, CancellationToken cancellationToken = default) =>
        Schema.DeleteAsync(idOrName, writeMigration: false, cancellationToken);

    private static JsonElement Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return (JsonNode.Parse(json) ?? throw new ArgumentException("Empty collection JSON.", nameof(json))).Deserialize<JsonElement>();
    }
}
