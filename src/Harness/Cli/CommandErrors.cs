using Ablation.Experiments.Data;

namespace Ablation.Harness.Cli;

/// <summary>Bad input of `train` and `bench` as one line on stderr and exit code 2 (DESIGN.md section 5).</summary>
internal static class CommandErrors
{
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArgumentException or DataFormatException or InvalidDataException)
        {
            Console.Error.WriteLine(e.Message);
            return AblateCli.BadInput;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("checkpoint"))
        {
            Console.Error.WriteLine(e.Message);
            return AblateCli.BadInput;
        }
    }
}
