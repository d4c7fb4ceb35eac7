using System.CommandLine;
using Augment.Cli.Commands;

var root = new RootCommand("augment — generative data augmentation: profile a dataset, train a generator, add realistic synthetic rows, and report on them.")
{
    DemoCommand.Create(),
    HostCommand.Create(),
    RunCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
