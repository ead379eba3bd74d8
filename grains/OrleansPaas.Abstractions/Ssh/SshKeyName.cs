namespace OrleansPaas.Ssh;

/// <summary>Key names (Dokku's <c>ssh-keys:add NAME</c>): letters, digits, <c>. _ - @</c>, at most 64, so they are safe in output and logs.</summary>
public static class SshKeyName
{
    public const int MaxLength = 64;

    /// <summary>Null when valid, else the sentence saying why not.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "the key's name is empty";
        }

        if (name.Length > MaxLength)
        {
            return $"the key's name is {name.Length} characters long; at most {MaxLength} are allowed";
        }

        return name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@')
            ? null
            : "the key's name may hold only letters, digits, '.', '_', '-' and '@'";
    }
}
