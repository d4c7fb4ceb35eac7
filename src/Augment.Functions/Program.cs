using Augment.Functions;

// The custom handler's entry point: the Functions host (or `augment host`) starts this process with
// FUNCTIONS_CUSTOMHANDLER_PORT set and waits until GET / answers.
try
{
    var app = FunctionsApp.Create(args);
    await app.RunAsync();
    return 0;
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync($"augment-functions: {ex.Message}");
    return 2;
}
