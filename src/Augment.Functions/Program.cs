// Placeholder entry point: replaced by the real program in this project's issue.
Console.Error.WriteLine("not implemented yet");
return 1;
