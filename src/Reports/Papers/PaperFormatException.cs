namespace Ablation.Reports.Papers;

/// <summary>A paper file that does not follow the format: the message is one line, <c>file:line:col: field: what is allowed</c>.</summary>
public sealed class PaperFormatException(string message) : Exception(message);
