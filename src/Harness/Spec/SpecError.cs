namespace Ablation.Harness.Spec;

/// <summary>
/// One problem with a matrix, printed as one line: where, which field, which value, what is allowed.
/// Every error of a file is collected before anything runs, so a user fixes them all in one pass.
/// </summary>
public sealed record SpecError(SourceMark Mark, string Field, string? Value, string Problem)
{
    public override string ToString() =>
        Value is null ? $"{Mark}: {Field}: {Problem}" : $"{Mark}: {Field}: '{Value}' {Problem}";
}

/// <summary>Thrown when a matrix has errors; carries all of them (the CLI prints each and exits 2).</summary>
public sealed class SpecException(IReadOnlyList<SpecError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<SpecError> Errors { get; } = errors;
}
