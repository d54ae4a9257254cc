using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Files;
using Strata.Core.Schema;

namespace Strata.Core.Records;

/// <summary>
/// Resolves a file field from the body and the uploads (contract §2.6): <c>field</c> replaces the list (text values
/// under the same key name stored files to keep), <c>+field</c>/<c>field+</c> prepend/append uploads, <c>field-</c>
/// removes stored names. Checks each kept upload's size and detected MIME type and names it (§5.4).
/// </summary>
internal static class FileInput
{
    /// <summary>Applies the keys that address <paramref name="field"/>; false when none does.</summary>
    public static bool TryResolve(FileField field, object? current, JsonObject body, IReadOnlyList<FileUpload> uploads, ValidationErrors errors, List<PendingFile> pending, out object? value)
    {
        var name = field.Name;
        value = current;
        string[] keys = [name, "+" + name, name + "+", name + "-"];
        if (!keys.Any(k => body.ContainsKey(k) || uploads.Any(u => u.Key == k)))
        {
            return false;
        }

        var stored = ValueCast.AsList(current).ToHashSet(StringComparer.Ordinal);
        var list = ValueCast.AsList(current);
        var fresh = new Dictionary<string, FileUpload>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var texts = body.TryGetPropertyValue(key, out var node) ? ValueCast.ToStringList(node) : null;
            if (key == name + "-")
            {
                if (texts is not null)
                {
                    var remove = texts.ToHashSet(StringComparer.Ordinal);
                    list.RemoveAll(remove.Contains);
                }

                continue;
            }

            var added = new List<string>(texts ?? []);
            foreach (var upload in uploads.Where(u => u.Key == key))
            {
                var storedName = FileNames.Generate(upload.FileName, upload.MimeType);
                fresh[storedName] = upload;
                added.Add(storedName);
            }

            if (key == name)
            {
                if (texts is not null || added.Count > 0)
                {
                    list = added;
                }
            }
            else if (key[0] == '+')
            {
                list.InsertRange(0, added);
            }
            else
            {
                list.AddRange(added);
            }
        }

        list = ValueCast.Uniques(list.Where(n => n.Length > 0));
        if (!field.IsMultiValued && list.Count > 1)
        {
            list = [list[^1]];
        }

        if (list.Any(n => !stored.Contains(n) && !fresh.ContainsKey(n)))
        {
            // Text values name files already stored on the record; new files come only as uploads.
            errors.Add(name, new FieldError("validation_invalid_file", "Unknown file name(s): only files already stored on the record can be kept by name."));
            return false;
        }

        foreach (var n in list.Where(fresh.ContainsKey))
        {
            if (CheckUpload(field, fresh[n]) is { } error)
            {
                errors.Add(name, error);
                return false;
            }

            pending.Add(new PendingFile(name, n, fresh[n]));
        }

        value = ValueCast.Shape(list, field.IsMultiValued);
        return true;
    }

    private static FieldError? CheckUpload(FileField field, FileUpload upload)
    {
        if (upload.Length > field.EffectiveMaxSize)
        {
            return new FieldError("validation_file_size_limit", $"Failed to upload \"{upload.FileName}\" - the maximum allowed file size is {field.EffectiveMaxSize} bytes.",
                new JsonObject { ["maxSize"] = field.EffectiveMaxSize });
        }

        if (!field.AcceptsMimeType(upload.MimeType))
        {
            return new FieldError("validation_invalid_mime_type", $"\"{upload.FileName}\" mime type must be one of: {string.Join(", ", field.MimeTypes)}.");
        }

        return null;
    }
}
