using System.Globalization;

namespace Strata.Filter.Parsing;

/// <summary>
/// The fexpr scanner over one slice of the source. Groups are returned whole (scanned to the matching
/// bracket, skipping quoted text) and parsed recursively, as the reference scanner does.
/// </summary>
internal sealed class Lexer
{
    private readonly string _source;
    private readonly int _end;
    private int _pos;

    public Lexer(string source, int start, int end)
    {
        _source = source;
        _pos = start;
        _end = end;
    }

    public int Position => _pos;

    public Token Next()
    {
        SkipTrivia();
        if (_pos >= _end)
            return new Token(TokenKind.End, _pos, _pos, _pos, "");

        var start = _pos;
        var c = _source[_pos];
        if (IsIdentStart(c))
            return ScanIdentifierOrFunction();
        if (IsDigit(c) || c == '-')
            return ScanNumber();
        if (c is '"' or '\'')
        {
            var value = ScanText(out _);
            return new Token(TokenKind.Text, start, start, _pos, value);
        }
        if (IsSignChar(c))
            return ScanRun(TokenKind.Sign, IsSignChar);
        if (c is '&' or '|')
        {
            var t = ScanRun(TokenKind.Join, ch => ch is '&' or '|');
            if (t.Text is not ("&&" or "||"))
                throw Error(start, $"invalid join operator \"{t.Text}\" (expected && or ||)");
            return t;
        }
        if (c == '(')
        {
            var close = FindGroupEnd(_pos);
            _pos = close + 1;
            return new Token(TokenKind.Group, start, start + 1, close, "(");
        }
        if (c == ',')
        {
            _pos++;
            return new Token(TokenKind.Comma, start, start, _pos, ",");
        }
        throw Error(start, $"unexpected character {Describe(c)}");
    }

    private void SkipTrivia()
    {
        while (_pos < _end)
        {
            var c = _source[_pos];
            if (c is ' ' or '\t' or '\n' or '\r')
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _end && _source[_pos + 1] == '/')
            {
                while (_pos < _end && _source[_pos] != '\n')
                    _pos++;
            }
            else
            {
                return;
            }
        }
    }

    private Token ScanIdentifierOrFunction()
    {
        var start = _pos;
        _pos++;
        while (_pos < _end && IsIdentPart(_source[_pos]))
            _pos++;
        var name = _source[start.._pos];
        if (!IsValidIdentifier(name))
            throw Error(start, $"invalid identifier \"{name}\"");
        if (_pos < _end && _source[_pos] == '(')
        {
            var close = FindGroupEnd(_pos);
            var open = _pos;
            _pos = close + 1;
            return new Token(TokenKind.Function, start, open + 1, close, name);
        }
        return new Token(TokenKind.Identifier, start, start, _pos, name);
    }

    private Token ScanNumber()
    {
        var start = _pos;
        _pos++;
        while (_pos < _end && (IsDigit(_source[_pos]) || _source[_pos] == '.'))
            _pos++;
        var text = _source[start.._pos];
        if (!IsValidNumber(text))
            throw Error(start, $"invalid number \"{text}\"");
        return new Token(TokenKind.Number, start, start, _pos, text);
    }

    private Token ScanRun(TokenKind kind, Func<char, bool> member)
    {
        var start = _pos;
        while (_pos < _end && member(_source[_pos]))
            _pos++;
        return new Token(kind, start, start, _pos, _source[start.._pos]);
    }

    /// <summary>Reads a quoted literal at the cursor and returns its unescaped value.</summary>
    private string ScanText(out int rawLength)
    {
        var start = _pos;
        var quote = _source[_pos++];
        var prev = '\0';
        while (_pos < _end)
        {
            var c = _source[_pos++];
            if (c == quote && prev != '\\')
            {
                rawLength = _pos - start;
                var inner = _source.Substring(start + 1, _pos - start - 2);
                return inner.Replace("\\" + quote, quote.ToString(), StringComparison.Ordinal);
            }
            prev = c;
        }
        throw Error(start, "invalid quoted text (missing closing quote)");
    }

    /// <summary>Finds the bracket matching the one at <paramref name="open"/>; quoted text inside is skipped.</summary>
    private int FindGroupEnd(int open)
    {
        var depth = 0;
        var i = open;
        while (i < _end)
        {
            var c = _source[i];
            if (c == '(')
            {
                depth++;
                i++;
            }
            else if (c == ')')
            {
                depth--;
                if (depth == 0)
                    return i;
                i++;
            }
            else if (c is '"' or '\'')
            {
                var save = _pos;
                _pos = i;
                try
                {
                    ScanText(out var raw);
                    i += raw;
                }
                catch (FilterException)
                {
                    throw Error(i, "invalid quoted text inside a group (missing closing quote)");
                }
                finally
                {
                    _pos = save;
                }
            }
            else
            {
                i++;
            }
        }
        throw Error(open, $"unmatched \"(\" (missing {depth} closing bracket{(depth == 1 ? "" : "s")})");
    }

    internal FilterException Error(int position, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Invalid filter: {message} at position {position}."));

    private static string Describe(char c) =>
        c < ' ' || c == 0x7f
            ? string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}")
            : "\"" + c + "\"";

    internal static bool IsIdentStart(char c) => IsLetter(c) || c is '_' or '@' or '#';

    internal static bool IsIdentPart(char c) => IsLetter(c) || IsDigit(c) || c is '_' or '.' or ':';

    private static bool IsLetter(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsSignChar(char c) => c is '=' or '?' or '!' or '>' or '<' or '~';

    /// <summary>The IDENT rule of contract §3.1, shared with the sort parser.</summary>
    internal static bool IsValidIdentifier(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || !IsIdentStart(name[0]))
            return false;
        for (var i = 1; i < name.Length; i++)
        {
            if (!IsIdentPart(name[i]))
                return false;
        }
        var last = name[^1];
        if (last is '.' or ':')
            return false;
        return name.Length > 1 || IsLetter(name[0]);
    }

    private static bool IsValidNumber(string text)
    {
        var body = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        if (body.Length == 0 || body[0] == '.' || body[^1] == '.')
            return false;
        var dots = 0;
        foreach (var ch in body)
        {
            if (ch == '.')
                dots++;
            else if (!IsDigit(ch))
                return false;
        }
        return dots <= 1;
    }
}
