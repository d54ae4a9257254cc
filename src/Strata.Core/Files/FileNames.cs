using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Strata.Core.Files;

/// <summary>
/// The stored name of an upload (contract §5.4): the original base name in lower snake_case, <c>_</c>, 10 random
/// <c>[a-z0-9]</c> characters, and the original extension (one or two dot-segments, case kept, cleaned).
/// </summary>
public static partial class FileNames
{
    /// <summary>The longest stored name.</summary>
    public const int MaxLength = 150;

    /// <summary>Makes the stored name of an upload.</summary>
    /// <param name="originalName">The client's file name (any text; paths are cut to their last segment).</param>
    /// <param name="detectedMime">The type detected from the bytes, used when the name has no extension.</param>
    public static string Generate(string? originalName, string detectedMime)
    {
        var name = (originalName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var ext = ExtensionOf(name);
        var stem = Snake(name[..^ext.Length]);
        ext = InvalidExtensionChars().Replace(ext, "");
        if (ext.Length > 20)
        {
            // The end of a long extension says more about the type than its start.
            ext = "." + ext[^19..].TrimStart('.');
        }

        if (ext.Trim('.').Length == 0)
        {
            ext = MimeSniffer.ExtensionOf(detectedMime);
        }

        if (stem.Length < 3)
        {
            stem += Random(5);
        }
        else if (stem.Length > 100)
        {
            stem = stem[..100].TrimEnd('_');
        }

        return stem + "_" + Random(10) + ext;
    }

    /// <summary>True for a name that may be a stored file name (1–150 safe characters, no path parts).</summary>
    /// <param name="name">The name.</param>
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && name[0] != '.' && StoredName().IsMatch(name);

    private static string Random(int length) => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", length);

    /// <summary>The last one or two dot-segments of a name (<c>.tar.gz</c>), or "".</summary>
    private static string ExtensionOf(string name)
    {
        var primary = name.LastIndexOf('.');
        if (primary <= 0)
        {
            return "";
        }

        var secondary = name.LastIndexOf('.', primary - 1);
        return secondary > 0 ? name[secondary..] : name[primary..];
    }

    /// <summary>Lower snake_case over ASCII letters and digits: <c>My Photo</c> and <c>MyPhoto</c> give <c>my_photo</c>.</summary>
    private static string Snake(string s)
    {
        var sb = new StringBuilder(Math.Min(s.Length, 200));
        var prev = '_';
        foreach (var c in s)
        {
            if (sb.Length >= 200)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                if (char.IsAsciiLetterUpper(c) && (char.IsAsciiLetterLower(prev) || char.IsAsciiDigit(prev)))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
                prev = c;
            }
            else if (prev != '_')
            {
                sb.Append('_');
                prev = '_';
            }
        }

        return sb.ToString().Trim('_');
    }

    [GeneratedRegex(@"[^A-Za-z0-9_.*\-+=#]+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex InvalidExtensionChars();

    [GeneratedRegex(@"^[A-Za-z0-9_.*\-+=#]+\z", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex StoredName();
}
