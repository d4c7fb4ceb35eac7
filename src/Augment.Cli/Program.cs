using System.CommandLine;
using Augment.Cli.Commands;

var root = new RootCommand("augment — generative data augmentation: profile a dataset, train a generator, add realistic synthetic rows, and report on them.")
{
    DemoCommand.Create(),
    HostCommand.Create(),
    RunCommand.Create(),
    SubmitCommand.Submit(),
    ManageCommands.Status(),
    ManageCommands.Runs(),
    SubmitCommand.Fetch(),
    ManageCommands.Action("approve", "Send the Approve event to a run waiting for approval."),
    ManageCommands.Action("reject", "Send the Reject event to a run waiting for approval."),
    ManageCommands.Action("terminate", "Terminate a running run."),
};

return await root.Parse(args).InvokeAsync();
