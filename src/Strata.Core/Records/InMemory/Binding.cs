namespace Strata.Core.Records.InMemory;

/// <summary>One combination of joined rows for the record under test.</summary>
internal sealed class Binding(Record main, int joins)
{
    public Record Main { get; } = main;

    public object?[] Rows { get; } = new object?[joins];

    /// <summary>The row of a join, or the main record for -1.</summary>
    public object? Row(int join) => join < 0 ? Main : Rows[join];
}
