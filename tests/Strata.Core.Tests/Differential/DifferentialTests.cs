using Collection = Strata.Core.Schema.Collection;
using Record = Strata.Core.Records.Record;
using Strata.Core.Errors;
using Strata.Core.Records;
using Strata.Core.Records.InMemory;
using Strata.Core.Storage;
using Strata.Filter;
using Xunit;

namespace Strata.Core.Tests.Differential;

/// <summary>
/// Runs every case of Cases/*.txt three ways and compares the ids: the compiled SQL on the current engine
/// (superuser list, or the rule path when the case has an auth user), the compiled SQL as a non-superuser client
/// (for plain filters, with list rules of joined collections), and <see cref="InMemoryFilter"/>. Cases with an
/// expected id list also check the result against it, so a bug shared by SQL and the evaluator is still caught.
/// </summary>
public sealed class DifferentialTests(DifferentialFixture fixture) : IClassFixture<DifferentialFixture>
{
    private const string ClientUser = "u2";

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var (source, _) in LoadAll())
        {
            data.Add(source);
        }

        return data;
    }

    private static IEnumerable<(string Source, string Line)> LoadAll()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Differential", "Cases");
        foreach (var file in Directory.GetFiles(dir, "*.txt").Order(StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length > 0 && !line.StartsWith('#'))
                {
                    yield return ($"{Path.GetFileName(file)}:{i + 1}", line);
                }
            }
        }
    }

    [Fact]
    public void There_are_at_least_300_cases_and_most_have_expected_ids()
    {
        var cases = LoadAll().Select(c => FilterCase.Parse(c.Source, c.Line)).ToList();
        Assert.True(cases.Count >= 300, $"only {cases.Count} cases");
        Assert.True(cases.Count(c => c.Expected != "*") * 2 > cases.Count, "fewer than half of the cases have hand-written expectations");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Sql_and_in_memory_agree(string source)
    {
        var line = LoadAll().Single(c => c.Source == source).Line;
        var c = FilterCase.Parse(source, line);
        var collection = fixture.Engine.Schema.Current.Find(c.Collection) ?? throw new InvalidOperationException("unknown collection " + c.Collection);

        var request = Request(c, c.Auth switch { null => fixture.Superuser, "guest" => null, var a => fixture.User(a) });
        var options = c.Auth is null ? ResolverOptions.Superuser : ResolverOptions.Rule;
        var sql = c.Auth is null ? await SuperuserList(collection, request, c.Filter) : await RuleQuery(collection, request, c.Filter);
        var memory = InMemory(collection, request, options, c.Filter, null);
        Assert.True(memory == sql, $"{source}: {c.Filter}\n  sql ({fixture.Engine.Database.Dialect.Name}): {Show(sql)}\n  in-memory: {Show(memory)}");

        if (c.Expected != "*")
        {
            var expected = c.Expected == "!" ? "!" : c.Expected == "-" ? "" : string.Join(" ", c.Expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
            Assert.True(expected == Show(sql), $"{source}: {c.Filter}\n  expected: {expected}\n  got: {Show(sql)}");
        }

        if (c.Auth is null && !c.Filter.Contains('@', StringComparison.Ordinal) && c.Context.Count == 0 && c.Body is null)
        {
            var client = new RequestInfo { Auth = fixture.User(ClientUser) };
            var clientSql = await ClientList(collection, client, c.Filter);
            var clientMemory = InMemory(collection, client, ResolverOptions.Client, c.Filter, collection.ListRule);
            Assert.True(clientMemory == clientSql, $"{source} (client): {c.Filter}\n  sql: {Show(clientSql)}\n  in-memory: {Show(clientMemory)}");
        }
    }

    private static RequestInfo Request(FilterCase c, Record? auth) => new()
    {
        Auth = auth,
        Body = c.Body,
        Method = c.Context.GetValueOrDefault("method", "GET"),
        Context = c.Context.GetValueOrDefault("context", "default"),
        Query = c.Context.Where(kv => kv.Key.StartsWith("query.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[6..], kv => kv.Value),
        Headers = c.Context.Where(kv => kv.Key.StartsWith("header.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key[7..], kv => kv.Value),
    };

    private static string Show(IReadOnlyList<string>? ids) => ids is null ? "!" : string.Join(" ", ids.Select(DifferentialFixture.Short).Order(StringComparer.Ordinal));

    private static string Show(string? value) => value ?? "!";

    private string? InMemory(Collection collection, RequestInfo request, ResolverOptions options, string filter, string? listRule)
    {
        var ctx = new InMemoryContext(fixture.Engine.Schema.Current, c => fixture.Records[c.Id], request, DifferentialFixture.Now, options);
        var ruleCtx = ctx.With(request, ResolverOptions.Rule);
        try
        {
            var node = FilterParser.Parse(filter);
            var rule = string.IsNullOrWhiteSpace(listRule) ? null : FilterParser.Parse(listRule);
            var ids = fixture.Records[collection.Id]
                .Where(r => (rule is null || InMemoryFilter.Matches(rule, r, ruleCtx)) && InMemoryFilter.Matches(node, r, ctx))
                .Select(r => r.Id)
                .ToList();
            return Show(ids);
        }
        catch (FilterException)
        {
            return "!";
        }
    }

    private async Task<string?> SuperuserList(Collection collection, RequestInfo request, string filter)
    {
        try
        {
            var result = await fixture.Engine.Records.ListAsync(collection, request, new ListParams { Filter = filter, PerPage = 1000 });
            return Show(result.Items.Select(r => r.Id).ToList());
        }
        catch (StrataException e) when (e.Status == 400)
        {
            return "!";
        }
    }

    private Task<string?> ClientList(Collection collection, RequestInfo request, string filter) => SuperuserList(collection, request, filter);

    private async Task<string?> RuleQuery(Collection collection, RequestInfo request, string filter)
    {
        var db = fixture.Engine.Database;
        var query = new RecordQuery(fixture.Engine.Schema.Current, db.Dialect, collection, request, DifferentialFixture.Now);
        try
        {
            query.Where(filter, ResolverOptions.Rule, "r");
        }
        catch (FilterException)
        {
            return "!";
        }

        await using var conn = await db.OpenReadAsync();
        await using var cmd = SqlText.Command(conn, query.SelectSql(null), query.Parameters);
        var ids = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return Show(ids);
    }
}
