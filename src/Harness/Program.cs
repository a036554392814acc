using Ablation.Harness.Cli;

namespace Ablation.Harness;

public static class Program
{
    public static int Main(string[] args) => AblateCli.Run(args);
}
