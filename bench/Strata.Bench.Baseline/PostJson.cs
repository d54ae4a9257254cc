using System.Text.Json;

namespace Strata.Bench.Baseline;

/// <summary>Writes records and list pages in the same JSON shape as Strata, straight to the response.</summary>
public sealed class PostJson
{
    private readonly string _postsId;
    private readonly string _authorsId;

    public PostJson(string postsId, string authorsId)
    {
        _postsId = postsId;
        _authorsId = authorsId;
    }

    public void WritePost(Utf8JsonWriter w, Post p, Dictionary<string, Author>? expand)
    {
        w.WriteStartObject();
        w.WriteString("id", p.Id);
        w.WriteString("title", p.Title);
        w.WriteString("body", p.Body);
        w.WriteString("status", p.Status);
        w.WriteNumber("views", p.Views);
        w.WriteString("published", p.Published);
        w.WriteString("author", p.Author);
        w.WriteString("created", p.Created);
        w.WriteString("updated", p.Updated);
        w.WriteString("collectionId", _postsId);
        w.WriteString("collectionName", "posts");
        if (expand is not null && expand.TryGetValue(p.Author, out var a))
        {
            w.WriteStartObject("expand");
            w.WriteStartObject("author");
            w.WriteString("id", a.Id);
            w.WriteString("name", a.Name);
            w.WriteString("email", a.Email);
            w.WriteString("collectionId", _authorsId);
            w.WriteString("collectionName", "authors");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    public void WritePage(Utf8JsonWriter w, int page, int perPage, long total, List<Post> items, Dictionary<string, Author>? expand)
    {
        w.WriteStartObject();
        w.WriteNumber("page", page);
        w.WriteNumber("perPage", perPage);
        w.WriteNumber("totalItems", total);
        w.WriteNumber("totalPages", (long)Math.Ceiling(total / (double)perPage));
        w.WriteStartArray("items");
        foreach (var p in items)
        {
            WritePost(w, p, expand);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
