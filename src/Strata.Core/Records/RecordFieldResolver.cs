using System.Globalization;
using System.Text.Json.Nodes;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter;
using Strata.Filter.Sql;

namespace Strata.Core.Records;

/// <summary>
/// Resolves filter identifiers against a collection for one statement: record fields, relation and
/// back-relation paths (as LEFT JOINs shared by equal paths, like the reference server), JSON paths,
/// <c>@request.*</c> and <c>@collection.*</c>, and the modifiers <c>:isset :changed :length :each :lower</c>.
/// One instance serves one statement; its <see cref="Joins"/> and <see cref="ExtraConditions"/> belong to it.
/// </summary>
public sealed partial class RecordFieldResolver : IFieldResolver
{
    private const int MaxRelationDepth = 6;
    private readonly SchemaSnapshot _schema;
    private readonly IDialect _dialect;
    private readonly SqlParameters _parameters;
    private readonly Dictionary<string, string> _joinAliases;
    private readonly List<string> _joins;
    private readonly List<string> _extra;
    private readonly Counter _counter;

    /// <summary>Creates a resolver for a statement over <paramref name="collection"/> aliased as <paramref name="mainAlias"/>.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="collection">The queried collection.</param>
    /// <param name="mainAlias">The (quoted) alias of the queried table in the statement.</param>
    /// <param name="request">The request, for <c>@request.*</c>.</param>
    /// <param name="dialect">The engine's dialect.</param>
    /// <param name="parameters">The statement's parameters.</param>
    /// <param name="options">What the expression may use.</param>
    public RecordFieldResolver(SchemaSnapshot schema, Collection collection, string mainAlias, RequestInfo request,
        IDialect dialect, SqlParameters parameters, ResolverOptions options)
        : this(schema, collection, mainAlias, request, dialect, parameters, options, new(StringComparer.Ordinal), [], [], new Counter())
    {
    }

    private RecordFieldResolver(SchemaSnapshot schema, Collection collection, string mainAlias, RequestInfo request,
        IDialect dialect, SqlParameters parameters, ResolverOptions options, Dictionary<string, string> joinAliases,
        List<string> joins, List<string> extra, Counter counter)
    {
        _schema = schema;
        Collection = collection;
        MainAlias = mainAlias;
        Request = request;
        _dialect = dialect;
        _parameters = parameters;
        Options = options;
        _joinAliases = joinAliases;
        _joins = joins;
        _extra = extra;
        _counter = counter;
    }

    /// <summary>The queried collection.</summary>
    public Collection Collection { get; }

    /// <summary>The alias of the queried table.</summary>
    public string MainAlias { get; }

    /// <summary>The request.</summary>
    public RequestInfo Request { get; }

    /// <summary>What the expression may use.</summary>
    public ResolverOptions Options { get; }

    /// <summary>The LEFT JOIN clauses the resolved identifiers need, in order.</summary>
    public IReadOnlyList<string> Joins => _joins;

    /// <summary>
    /// Conditions that must hold together with the expression (the list rules of collections a client filter
    /// joins into, and email visibility), AND-ed by the statement builder.
    /// </summary>
    public IReadOnlyList<string> ExtraConditions => _extra;

    /// <summary>A prefix for generated aliases, so several resolvers can contribute to one statement.</summary>
    public string AliasPrefix { get; init; } = "";

    /// <summary>
    /// Prefix of the join keys of this resolver's own paths. A joined collection's list rule is compiled into the same
    /// statement by a nested resolver whose paths start at the joined row, so they must not share joins with the
    /// outer expression's equal-looking paths (<c>author</c> of the joined row is not <c>author</c> of the main row).
    /// </summary>
    private string KeyPrefix { get; init; } = "";

    /// <summary>Values of <c>{:name}</c> placeholders (see <see cref="FilterPlaceholders"/>), or null.</summary>
    public IReadOnlyDictionary<string, object?>? Params { get; init; }

    /// <summary>The current time for macros.</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    /// <inheritdoc />
    public ResolvedOperand? Resolve(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var segments = identifier.Split('.');
        if (segments[0] == "@param" && segments.Length == 2)
        {
            return Params is not null && Params.TryGetValue(segments[1], out var value)
                ? ParamConstant(value)
                : throw new FilterException($"No value for the placeholder {{:{segments[1]}}}.");
        }

        if (segments[0] == "@request")
        {
            return ResolveRequest(segments, identifier);
        }

        if (segments[0] == "@collection")
        {
            return ResolveCollectionJoin(segments, identifier);
        }

        if (segments[0].StartsWith('@') || segments[0].StartsWith('#'))
        {
            return null;
        }

        var (last, modifier) = SplitModifier(segments[^1]);
        segments[^1] = last;
        var chain = new Chain(Collection, MainAlias, KeyPrefix, MmBase());
        return ResolvePath(chain, segments, 0, modifier, identifier);
    }

    /// <summary>Compiles a filter with this resolver's scope (used for nested rules and :changed).</summary>
    /// <param name="filter">The expression.</param>
    public string CompileNested(string filter) =>
        FilterCompiler.Compile(FilterParser.Parse(filter), this, _dialect.Filter, _parameters, Now);

    private static (string Name, string? Modifier) SplitModifier(string segment)
    {
        var i = segment.IndexOf(':', StringComparison.Ordinal);
        if (i < 0)
        {
            return (segment, null);
        }

        var modifier = segment[(i + 1)..];
        if (modifier is not ("isset" or "changed" or "length" or "each" or "lower"))
        {
            throw new FilterException($"Unknown modifier \"{modifier}\".");
        }

        return (segment[..i], modifier);
    }

    private string MmBase() => "(SELECT 1 AS one) " + NewAlias("mm");

    private string NewAlias(string hint) =>
        "\"_" + AliasPrefix + hint + _counter.Next().ToString(CultureInfo.InvariantCulture) + "\"";

    private string Param(object? value) => _parameters.Add(value);

    private string RegisterJoin(string key, Func<string, string> clause)
    {
        if (_joinAliases.TryGetValue(key, out var alias))
        {
            return alias;
        }

        alias = NewAlias("j");
        _joinAliases[key] = alias;
        _joins.Add(clause(alias));
        return alias;
    }

    private static ResolvedOperand Const(object? value, FilterValueType type = FilterValueType.Any) =>
        ResolvedOperand.Constant(value, type);

    /// <summary>Converts a JSON body value to a filter constant.</summary>
    private static object? FromJson(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => node.ToJsonString(),
    };

    private static ResolvedOperand ParamConstant(object? value) => value switch
    {
        null => Const(null),
        string s => Const(s, FilterValueType.Text),
        bool b => Const(b, FilterValueType.Bool),
        DateTime dt => Const(DateTimeText.Format(new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc))), FilterValueType.Date),
        DateTimeOffset dto => Const(DateTimeText.Format(dto), FilterValueType.Date),
        IConvertible c when value is not char => Const(c.ToDouble(CultureInfo.InvariantCulture), FilterValueType.Number),
        _ => Const(Convert.ToString(value, CultureInfo.InvariantCulture), FilterValueType.Text),
    };

    /// <summary>A shared counter for unique aliases across nested resolvers.</summary>
    private sealed class Counter
    {
        private int _value;

        public int Next() => ++_value;
    }
}
