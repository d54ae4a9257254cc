using System.Text;
using Strata.Core.Errors;

namespace Strata.Core.Schema;

/// <summary>
/// A parsed <c>CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (col [COLLATE x] [ASC|DESC], …) [WHERE …]</c>
/// statement (contract §2.1). Identifiers may be bare or quoted with backticks, double quotes or brackets;
/// <see cref="ToString"/> prints the contract's backtick form, so contract-form strings round-trip exactly.
/// Columns are plain identifiers only, because every index column must be an existing field.
/// </summary>
/// <param name="Name">The index name.</param>
/// <param name="Unique">Whether the index is unique.</param>
/// <param name="Table">The table (collection) name.</param>
/// <param name="Columns">The indexed columns in order.</param>
/// <param name="Where">The raw partial-index condition, or empty.</param>
/// <param name="IfNotExists">Whether <c>IF NOT EXISTS</c> was given.</param>
public sealed record IndexDefinition(string Name, bool Unique, string Table, IReadOnlyList<IndexColumn> Columns, string Where = "", bool IfNotExists = false)
{
    private const int MaxCached = 1024;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IndexDefinition> Cache = new(StringComparer.Ordinal);

    /// <summary>
    /// <see cref="Parse"/> with the result kept by statement text: every create and update checks the collection's unique
    /// indexes, and a collection's index statements change only with its schema. Records are immutable, so sharing is safe.
    /// </summary>
    /// <param name="sql">The statement.</param>
    /// <exception cref="StrataException">400 when it is not a supported CREATE INDEX statement.</exception>
    public static IndexDefinition ParseCached(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (Cache.TryGetValue(sql, out var def))
        {
            return def;
        }

        def = Parse(sql);
        if (Cache.Count >= MaxCached)
        {
            Cache.Clear();
        }

        Cache[sql] = def;
        return def;
    }

    /// <summary>Parses a statement.</summary>
    /// <param name="sql">The statement.</param>
    /// <exception cref="StrataException">400 when it is not a supported CREATE INDEX statement.</exception>
    public static IndexDefinition Parse(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return TryParse(sql, out var def, out var error) ? def : throw new StrataException(400, error);
    }

    /// <summary>Parses a statement without throwing.</summary>
    /// <param name="sql">The statement.</param>
    /// <param name="definition">The result.</param>
    public static bool TryParse(string? sql, out IndexDefinition definition) => TryParse(sql, out definition, out _);

    /// <summary>Parses a statement without throwing, with the reason on failure.</summary>
    /// <param name="sql">The statement.</param>
    /// <param name="definition">The result.</param>
    /// <param name="error">Why parsing failed.</param>
    public static bool TryParse(string? sql, out IndexDefinition definition, out string error)
    {
        definition = new IndexDefinition("", false, "", []);
        error = "";
        if (sql is null || sql.Length > 10_000)
        {
            error = "Invalid index definition.";
            return false;
        }

        var p = new Cursor(sql);
        try
        {
            p.Keyword("CREATE");
            var unique = p.TryKeyword("UNIQUE");
            p.Keyword("INDEX");
            var ifNotExists = false;
            if (p.TryKeyword("IF"))
            {
                p.Keyword("NOT");
                p.Keyword("EXISTS");
                ifNotExists = true;
            }

            var name = p.Identifier();
            p.Keyword("ON");
            var table = p.Identifier();
            p.Symbol('(');
            var columns = new List<IndexColumn>();
            while (true)
            {
                var column = p.Identifier();
                var collate = "";
                var direction = "";
                while (true)
                {
                    if (collate.Length == 0 && p.TryKeyword("COLLATE"))
                    {
                        collate = p.Identifier();
                    }
                    else if (direction.Length == 0 && p.TryKeyword("ASC"))
                    {
                        direction = "ASC";
                    }
                    else if (direction.Length == 0 && p.TryKeyword("DESC"))
                    {
                        direction = "DESC";
                    }
                    else
                    {
                        break;
                    }
                }

                columns.Add(new IndexColumn(column, collate, direction));
                if (p.TrySymbol(')'))
                {
                    break;
                }

                p.Symbol(',');
            }

            var where = "";
            if (p.TryKeyword("WHERE"))
            {
                where = p.Rest().Trim().TrimEnd(';').TrimEnd();
                if (where.Length == 0)
                {
                    throw new FormatException("missing WHERE condition");
                }
            }
            else
            {
                p.TrySymbol(';');
                p.End();
            }

            definition = new IndexDefinition(name, unique, table, columns, where, ifNotExists);
            return true;
        }
        catch (FormatException ex)
        {
            error = "Invalid index definition: " + ex.Message + ".";
            return false;
        }
    }

    /// <summary>The statement in the contract's form, e.g. <c>CREATE UNIQUE INDEX `idx_x` ON `posts` (`slug`)</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("CREATE ");
        if (Unique)
        {
            sb.Append("UNIQUE ");
        }

        sb.Append("INDEX ");
        if (IfNotExists)
        {
            sb.Append("IF NOT EXISTS ");
        }

        sb.Append(Quote(Name)).Append(" ON ").Append(Quote(Table)).Append(" (");
        for (var i = 0; i < Columns.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            var c = Columns[i];
            sb.Append(Quote(c.Name));
            if (c.Collate.Length > 0)
            {
                sb.Append(" COLLATE ").Append(c.Collate);
            }

            if (c.Direction.Length > 0)
            {
                sb.Append(' ').Append(c.Direction);
            }
        }

        sb.Append(')');
        if (Where.Length > 0)
        {
            sb.Append(" WHERE ").Append(Where);
        }

        return sb.ToString();
    }

    /// <summary>Whether this is a unique index over exactly the one column <paramref name="column"/> (a WHERE condition is allowed).</summary>
    /// <param name="column">The column name (case-insensitive).</param>
    public bool IsUniqueOn(string column) =>
        Unique && Columns.Count == 1 && string.Equals(Columns[0].Name, column, StringComparison.OrdinalIgnoreCase);

    private static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    private sealed class Cursor(string text)
    {
        private int pos;

        public bool TryKeyword(string keyword)
        {
            SkipSpace();
            if (pos + keyword.Length > text.Length
                || string.Compare(text, pos, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) != 0
                || (pos + keyword.Length < text.Length && IsWordChar(text[pos + keyword.Length])))
            {
                return false;
            }

            pos += keyword.Length;
            return true;
        }

        public void Keyword(string keyword)
        {
            if (!TryKeyword(keyword))
            {
                throw new FormatException("expected " + keyword);
            }
        }

        public bool TrySymbol(char symbol)
        {
            SkipSpace();
            if (pos < text.Length && text[pos] == symbol)
            {
                pos++;
                return true;
            }

            return false;
        }

        public void Symbol(char symbol)
        {
            if (!TrySymbol(symbol))
            {
                throw new FormatException($"expected '{symbol}'");
            }
        }

        public string Identifier()
        {
            SkipSpace();
            if (pos >= text.Length)
            {
                throw new FormatException("expected an identifier");
            }

            var open = text[pos];
            var close = open switch
            {
                '`' => '`',
                '"' => '"',
                '[' => ']',
                _ => '\0',
            };
            if (close == '\0')
            {
                var start = pos;
                while (pos < text.Length && IsWordChar(text[pos]))
                {
                    pos++;
                }

                if (pos == start)
                {
                    throw new FormatException("expected an identifier");
                }

                return text[start..pos];
            }

            pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (pos >= text.Length)
                {
                    throw new FormatException("unterminated identifier");
                }

                var c = text[pos++];
                if (c == close)
                {
                    // A doubled closing quote is an escaped quote (not for brackets).
                    if (close != ']' && pos < text.Length && text[pos] == close)
                    {
                        sb.Append(c);
                        pos++;
                        continue;
                    }

                    break;
                }

                sb.Append(c);
            }

            if (sb.Length == 0)
            {
                throw new FormatException("empty identifier");
            }

            return sb.ToString();
        }

        public string Rest()
        {
            var rest = text[pos..];
            pos = text.Length;
            return rest;
        }

        public void End()
        {
            SkipSpace();
            if (pos < text.Length)
            {
                throw new FormatException("unexpected text after the column list");
            }
        }

        private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

        private void SkipSpace()
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }
        }
    }
}
