using System.ComponentModel;
using System.Diagnostics;

namespace Augment.Storage;

/// <summary>Finds the repository's Node project and makes sure Azurite is installed in its <c>node_modules</c>.</summary>
internal static class AzuriteInstaller
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>The folder holding <c>package.json</c> + <c>package-lock.json</c>, searched upwards from the current directory, then the app's base directory.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "package-lock.json")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"No folder with package.json and package-lock.json above '{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}'; set AzuriteOptions.RepositoryRoot.");
    }

    /// <summary>Returns the path of Azurite's entry script, running <c>npm ci</c> in <paramref name="root"/> first when it is missing.</summary>
    public static async Task<string> EnsureInstalledAsync(string root, bool installIfMissing, CancellationToken cancellationToken, Action<string>? progress = null)
    {
        var script = ScriptPath(root);
        if (File.Exists(script) && MissingPackages(root).Count == 0)
        {
            return script;
        }

        if (!installIfMissing)
        {
            throw new InvalidOperationException($"Azurite is not installed in '{root}' (run 'npm ci' there).");
        }

        progress?.Invoke($"Installing Azurite from package.json into {Path.Combine(root, "node_modules")} (npm ci; about a minute, once)…");
        await InstallPackagesAsync(root, cancellationToken).ConfigureAwait(false);
        return File.Exists(script)
            ? script
            : throw new InvalidOperationException($"'npm ci' in '{root}' succeeded but '{script}' is missing; is azurite in package.json?");
    }

    /// <summary>Runs <c>npm ci --ignore-scripts</c> in <paramref name="folder"/> unless every devDependency is there already.</summary>
    public static async Task InstallPackagesAsync(string folder, CancellationToken cancellationToken)
    {
        if (MissingPackages(folder).Count == 0)
        {
            return;
        }

        await InstallGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A second process may be installing too: hold a file lock while npm runs.
            Directory.CreateDirectory(Path.Combine(folder, ".azurite"));
            using var fileLock = await LockAsync(Path.Combine(folder, ".azurite", "install.lock"), cancellationToken).ConfigureAwait(false);
            if (MissingPackages(folder).Count > 0)
            {
                await RunNpmCiAsync(folder, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    /// <summary>The <c>devDependencies</c> of <c>package.json</c> that have no folder under <c>node_modules</c> yet.</summary>
    public static IReadOnlyList<string> MissingPackages(string root)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "package.json")));
        if (!document.RootElement.TryGetProperty("devDependencies", out var dependencies))
        {
            return [];
        }

        return [.. dependencies.EnumerateObject()
            .Select(p => p.Name)
            .Where(name => !File.Exists(Path.Combine(root, "node_modules", name, "package.json")))];
    }

    private static string ScriptPath(string root) => Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");

    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task RunNpmCiAsync(string root, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "ci", "--ignore-scripts", "--no-audit", "--no-fund" })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("npm was not found on PATH; install Node.js 20 or later to run Azurite.", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"'npm ci' in '{root}' failed with exit code {process.ExitCode}:\n{await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
            }
        }
    }
}
