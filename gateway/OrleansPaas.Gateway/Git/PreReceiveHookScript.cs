namespace OrleansPaas.Gateway.Git;

/// <summary>
/// The pre-receive hook installed in every app repository. git runs it with the pushed refs on
/// stdin while the new objects sit in quarantine; it hands them to the platform over the
/// control port and relays the build output, which git shows as <c>remote:</c> lines. Its exit
/// status decides whether the refs are updated, so a failed build fails the push.
/// It needs nothing but bash (its /dev/tcp redirection), so a node needs no curl.
/// </summary>
public static class PreReceiveHookScript
{
    public const string ExitMarker = "@@paas-exit ";

    /// <summary>The push's span (W3C <c>traceparent</c>; empty when not traced), sent back as the hook call's own header.</summary>
    public const string TraceParentVariable = "PAAS_TRACEPARENT";

    public const string Text = """
        #!/usr/bin/env bash
        # Installed by OrleansPaas: builds and deploys the pushed commit before git accepts it.
        set -u
        refs=$(cat)
        if ! exec 3<>"/dev/tcp/${PAAS_HOOK_HOST:?}/${PAAS_HOOK_PORT:?}"; then
          echo "OrleansPaas: cannot reach the platform at ${PAAS_HOOK_HOST}:${PAAS_HOOK_PORT}" >&2
          exit 1
        fi
        # Bytes, not characters (a ref name may hold any), counted by bash itself rather than by a wc process.
        LC_ALL=C
        length=$(( ${#refs} + 1 ))
        printf 'POST /internal/git/pre-receive HTTP/1.0\r\nHost: %s\r\nX-Paas-Hook-Token: %s\r\nX-Paas-App: %s\r\nX-Paas-Quarantine: %s\r\nX-Paas-Push: %s\r\ntraceparent: %s\r\nContent-Type: text/plain\r\nContent-Length: %s\r\n\r\n%s\n' \
          "${PAAS_HOOK_HOST_HEADER:?}" "${PAAS_HOOK_TOKEN:?}" "${PAAS_APP:?}" "${GIT_QUARANTINE_PATH:-}" "${PAAS_PUSH_ID:-}" "${PAAS_TRACEPARENT:-}" "$length" "$refs" >&3
        # Skip the status line and headers; the body is the output, then the exit marker.
        while IFS= read -r line <&3; do
          line=${line%$'\r'}
          [ -z "$line" ] && break
        done
        status=1
        while IFS= read -r line <&3 || [ -n "$line" ]; do
          case "$line" in
            "@@paas-exit "*) status=${line#@@paas-exit } ;;
            *) printf '%s\n' "$line" ;;
          esac
        done
        exit "$status"

        """;
}
