namespace Ablation.Harness.Spec;

/// <summary>Where a value was written: file, 1-based line and column (from YamlDotNet's marks).</summary>
public readonly record struct SourceMark(string File, long Line, long Column)
{
    public static SourceMark None(string file) => new(file, 0, 0);
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
