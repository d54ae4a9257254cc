using Strata.Filter.Sql;

namespace Strata.Core.Records.InMemory;

/// <summary>
/// One operand value as the SQL would see it. <see cref="Value"/> is null (SQL NULL), a string, a double or a bool;
/// for <see cref="FilterValueType.Json"/> it is already the SQLite view of the JSON value: null, a double (numbers
/// and booleans) or a string (strings, and object/array JSON text).
/// </summary>
internal readonly record struct EvalValue(object? Value, FilterValueType Type, bool IsConstant, bool Strict)
{
    public static EvalValue Const(object? value, FilterValueType type = FilterValueType.Any) =>
        new(value, type, true, type == FilterValueType.Json);

    public static EvalValue Column(object? value, FilterValueType type, bool strict = false) =>
        new(value, type, false, strict || type == FilterValueType.Json);
}
