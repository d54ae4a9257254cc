namespace Strata.Core.Realtime;

/// <summary>A database that can carry realtime messages between nodes (PostgreSQL); the engine picks it up automatically.</summary>
public interface IRealtimeBackplaneSource
{
    /// <summary>Creates a backplane on this database.</summary>
    IRealtimeBackplane CreateBackplane();
}
