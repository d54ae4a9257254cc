namespace Strata.Filter.Tests.Support;

/// <summary>One stored row of the fake <c>items</c> collection. Empty date is "", JSON null is null.</summary>
internal sealed record ItemRow(
    string Id, string Title, string Body, double Views, double Price, bool Verified, string Created,
    string Published, string? Data, string Tags, string Scores, string? Loc, string Owner);

internal sealed record UserRow(string Id, string Name, double Age, bool Active, string Birthday);

/// <summary>Rows chosen to hit empty values, NULL joins, case, escapes, cross-type text and boundaries.</summary>
internal static class TestData
{
    public static IReadOnlyList<UserRow> Users { get; } =
    [
        new("u1", "Alice", 30, true, "1990-05-01 00:00:00.000Z"),
        new("u2", "", 0, false, ""),
    ];

    public static IReadOnlyList<ItemRow> Items { get; } =
    [
        new("r01", "Hello World", "first post", 10, 9.99, true, "2024-01-15 10:00:00.000Z", "2024-02-01 00:00:00.000Z",
            """{"a":1,"s":"x","b":true,"n":null,"arr":[1,2]}""", """["a","b"]""", "[1,2]", """{"lon":23.32,"lat":42.69}""", "u1"),
        new("r02", "hello again", "", 0, 0, false, "2024-06-30 23:59:59.999Z", "",
            """{"a":"1","s":"y"}""", "[]", "[]", """{"lon":0,"lat":0}""", "u2"),
        new("r03", "", "100% sure", 5, 5.5, true, "", "", null, """["b"]""", "[5]", null, ""),
        new("r04", "50_off", "under_score", -3, -1.5, false, "2023-12-31 23:59:59.999Z", "2025-01-01 00:00:00.000Z",
            """{"a":2.5}""", """["a"]""", "[3,4]", """{"lon":23.5,"lat":42.7}""", "u3"),
        new("r05", "Ünïcode café", "back\\slash", 100, 1000000, true, "2024-01-15 10:00:00.000Z", "",
            """{"s":"abc","a":null}""", """["c","a","b"]""", "[10]", """{"lon":-73.98,"lat":40.75}""", "u1"),
        new("r06", "5", "5.0", 5, 5, false, "2024-03-01 00:00:00.000Z", "2024-03-01 00:00:00.000Z",
            """{"a":5}""", """["5"]""", "[5,5]", null, "u2"),
        new("r07", "abc", "ABC", 7, 0.5, true, "2025-05-05 05:05:05.005Z", "2020-01-01 00:00:00.000Z",
            """{"a":true,"s":""}""", """["A"]""", "[]", null, ""),
        new("r08", "zeta", "it's \"q\"", 1000000, 2, false, "1999-12-31 00:00:00.000Z", "",
            """{"a":false}""", """["x","y"]""", "[0]", """{"lon":"bad","lat":1}""", "u1"),
        new("r09", "Zeta", "%", 2, 2, true, "2024-02-29 12:00:00.000Z", "2024-02-29 12:00:00.000Z",
            """{"obj":{"k":1}}""", """["a","a"]""", "[2]", null, "u1"),
        new("r10", "null", "true", 1, 1, true, "2024-12-31 23:59:59.999Z", "",
            """{"a":"abc"}""", """["b","c"]""", "[1,1]", null, "u2"),
        new("r11", "a_b", "a%b", 0.25, -0, false, "2024-01-01 00:00:00.000Z", "",
            """{"a":"","s":"%"}""", """["_"]""", "[-1]", null, ""),
        new("r12", "Ab", "aB", 12, 12, true, "2030-01-01 00:00:00.000Z", "2030-01-01 00:00:00.000Z",
            """{"a":[1,2]}""", """["%"]""", "[12]", null, "u1"),
    ];
}
