using System.Globalization;
using Strata.Core.Schema;

namespace Strata.Core.Files;

/// <summary>A parsed thumb size (contract §5.2): <c>WxH</c> (fill, centre crop), <c>WxHt</c>/<c>WxHb</c> (crop top/bottom), <c>WxHf</c> (fit), <c>0xH</c>, <c>Wx0</c>.</summary>
/// <param name="Width">Width, 0 to follow the height.</param>
/// <param name="Height">Height, 0 to follow the width.</param>
/// <param name="Mode">'c' (centre), 't', 'b' or 'f'.</param>
public sealed record ThumbSize(int Width, int Height, char Mode)
{
    /// <summary>Parses a size, or null when it is not one of the contract's forms.</summary>
    /// <param name="text">The text, e.g. <c>100x50t</c>.</param>
    public static ThumbSize? Parse(string? text)
    {
        if (text is null || !FileField.IsValidThumb(text))
        {
            return null;
        }

        var x = text.IndexOf('x', StringComparison.Ordinal);
        var mode = char.IsAsciiLetter(text[^1]) ? text[^1] : 'c';
        var h = text[(x + 1)..].TrimEnd('t', 'b', 'f');
        return new ThumbSize(int.Parse(text[..x], CultureInfo.InvariantCulture), int.Parse(h, CultureInfo.InvariantCulture), mode);
    }
}
