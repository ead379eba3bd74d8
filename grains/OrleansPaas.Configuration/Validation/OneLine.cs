namespace OrleansPaas.Configuration.Validation;

/// <summary>A start-up problem is reported as one line; messages from libraries may span several.</summary>
public static class OneLine
{
    public static string Of(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.');
}
