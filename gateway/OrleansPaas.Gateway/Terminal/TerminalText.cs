using System.Text;

namespace OrleansPaas.Gateway.Terminal;

/// <summary>
/// Makes text an app or a build wrote safe to print on a terminal: control characters become
/// visible (caret notation, <c>ESC</c> as <c>^[</c>, <c>DEL</c> as <c>^?</c>; the C1 controls, which
/// some terminals also obey, as <c>\x9b</c>), so output cannot move the cursor, rewrite earlier
/// lines, set the window title or answer queries in the user's name. Tab and newline stay.
/// </summary>
public static class TerminalText
{
    public static string Neutralise(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\u0000', '\u001f') && !text.AsSpan().ContainsAnyInRange('\u007f', '\u009f'))
        {
            return text;
        }

        var safe = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\t' or '\n':
                    safe.Append(c);
                    break;
                case < '\u0020':
                    safe.Append('^').Append((char)(c + 0x40));
                    break;
                case '\u007f':
                    safe.Append("^?");
                    break;
                case >= '\u0080' and <= '\u009f':
                    safe.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    safe.Append(c);
                    break;
            }
        }

        return safe.ToString();
    }
}
