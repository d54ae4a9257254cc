using Microsoft.AspNetCore.Http;
using Strata.Core.Files;

namespace Strata.Api.Http;

/// <summary>Turns multipart file parts into <see cref="FileUpload"/>s for the records layer.</summary>
public static class Uploads
{
    /// <summary>The uploads of a form, in part order.</summary>
    /// <param name="files">The form's files.</param>
    public static IReadOnlyList<FileUpload> From(IFormFileCollection files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return [.. files.Select(f => new FileUpload(f.Name, f.FileName, f.Length, f.OpenReadStream))];
    }
}
