namespace Ablation.Reports.Output;

/// <summary>File names from labels: lower-case ASCII letters and digits, other runs of characters as one '-'.</summary>
public static class FileName
{
    public static string Slug(string text)
    {
        var chars = new List<char>(text.Length);
        foreach (char c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) chars.Add(c);
            else if (chars.Count > 0 && chars[^1] != '-') chars.Add('-');
        }
        return new string(chars.ToArray()).Trim('-');
    }
}
