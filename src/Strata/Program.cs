return await Strata.StrataCli.RunAsync(args);
