using System.Runtime.InteropServices;
using Augment.Trainer;

// SIGTERM (Container Apps stop, local runner terminate) and Ctrl+C cancel the work; the trainer then reports
// TrainingFailed ("stopped by SIGTERM") and exits 143.
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
return await TrainerProgram.RunAsync(args, Environment.GetEnvironmentVariables(), Console.Out, Console.Error, stop.Token);
