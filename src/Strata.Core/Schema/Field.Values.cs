using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Strata.Core.Errors;

namespace Strata.Core.Schema;

public abstract partial class Field
{
    private static readonly ConcurrentDictionary<string, Regex?> RegexCache = new(StringComparer.Ordinal);

    /// <summary>
    /// Casts a client value (JSON or inferred multipart) to this field's in-memory CLR type, as the input column of
    /// contract §2.3 says. Never throws on client data: bad input becomes the zero value.
    /// </summary>
    /// <param name="input">The submitted value; null for JSON null.</param>
    public object? Normalize(JsonNode? input)
    {
        try
        {
            return NormalizeValue(input);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or JsonException)
        {
            // Lazily materialized nodes throw on duplicate keys or lone surrogates only when touched; such input
            // is garbage, and a 500 for it would break the "bad input is a 4xx" rule.
            return ZeroValue;
        }
    }

    /// <summary>Checks a normalized value against the field's options.</summary>
    /// <param name="value">A value as returned by <see cref="Normalize"/> (the plain text for passwords).</param>
    /// <returns>The first failure, or null when the value is valid.</returns>
    public FieldError? Validate(object? value)
    {
        try
        {
            return ValidateValue(value);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or JsonException)
        {
            return new FieldError("validation_invalid_value", "Invalid value.");
        }
    }

    /// <summary>The type's cast; may throw on malformed nodes, which <see cref="Normalize"/> absorbs.</summary>
    private protected abstract object? NormalizeValue(JsonNode? input);

    /// <summary>The type's checks; may throw on malformed nodes, which <see cref="Validate"/> absorbs.</summary>
    private protected abstract FieldError? ValidateValue(object? value);

    /// <summary>True when the server sets the value and client input must be ignored (autodate).</summary>
    public virtual bool IsServerManaged => false;

    /// <summary>A compiled regex for a field pattern, or null when the pattern does not compile.</summary>
    /// <param name="pattern">The pattern text.</param>
    internal static Regex? CompilePattern(string pattern)
    {
        if (RegexCache.TryGetValue(pattern, out var cached))
        {
            return cached;
        }

        Regex? regex;
        try
        {
            // Linear-time matching, like the reference server's RE2: no catastrophic backtracking, so no timeout that a
            // busy machine could trip on a valid value. Constructs RE2 lacks too (backreferences, lookarounds) fall
            // back to the backtracking engine, bounded by a timeout.
            regex = new Regex(StrictEnd(pattern), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            regex = TryBacktracking(pattern);
        }
        catch (ArgumentException)
        {
            regex = null;
        }

        if (RegexCache.Count > 1000)
        {
            RegexCache.Clear();
        }

        RegexCache[pattern] = regex;
        return regex;
    }

    /// <summary>
    /// Rewrites each unescaped <c>$</c> outside a character class to <c>\z</c>: in .NET <c>$</c> also matches before a
    /// final newline, so <c>^[a-z0-9]+$</c> would accept <c>"abc\n"</c>, unlike the reference server's RE2.
    /// Patterns that turn on multiline mode keep their meaning.
    /// </summary>
    internal static string StrictEnd(string pattern)
    {
        if (!pattern.Contains('$', StringComparison.Ordinal) || pattern.Contains("(?m", StringComparison.Ordinal))
        {
            return pattern;
        }

        var sb = new System.Text.StringBuilder(pattern.Length + 4);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                sb.Append(c).Append(pattern[++i]);
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                sb.Append(c);
            }
            else if (c == '[')
            {
                inClass = true;
                sb.Append(c);

                // A ']' right after '[' or '[^' is a literal, not the end of the class.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                {
                    sb.Append(pattern[++i]);
                }

                if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                {
                    sb.Append(pattern[++i]);
                }
            }
            else if (c == '$')
            {
                sb.Append("\\z");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static Regex? TryBacktracking(string pattern)
    {
        try
        {
            return new Regex(StrictEnd(pattern), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Matches <paramref name="value"/>; an invalid pattern or a timeout counts as no match.</summary>
    internal static bool MatchesPattern(string pattern, string value)
    {
        var regex = CompilePattern(pattern);
        if (regex is null)
        {
            return false;
        }

        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>An error with one numeric parameter.</summary>
    private protected static FieldError ErrorWith(string code, string message, string param, double value) =>
        new(code, message, new JsonObject { [param] = value });

    /// <summary>An error with one text parameter.</summary>
    private protected static FieldError ErrorWith(string code, string message, string param, string value) =>
        new(code, message, new JsonObject { [param] = value });

    /// <summary>Number text for messages.</summary>
    private protected static string Num(double d) => ValueCast.FormatNumber(d);

    /// <summary>Integer text for messages.</summary>
    private protected static string Num(long l) => l.ToString(CultureInfo.InvariantCulture);

    /// <summary>Length in Unicode code points (the reference server counts runes).</summary>
    private protected static int RuneCount(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            n++;
        }

        return n;
    }
}
