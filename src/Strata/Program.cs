return await Strata.StrataApp.Create(args).RunAsync();
