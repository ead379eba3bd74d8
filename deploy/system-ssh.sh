# Sourced by deploy/install.sh (--system-ssh): `git push paas@host:app.git` on the system's own sshd
# (port 22). The node keeps the SSH user and its session socket (Paas:Ssh:SystemSshd); sshd takes that
# user's logins through a `Match User` drop-in the installed node prints itself (`orleanspaas
# ssh-dropin`), so the drop-in always names the installed program. Other users' logins stay as they are.

readonly SSHD_CONFIG=/etc/ssh/sshd_config SSHD_DROPIN=/etc/ssh/sshd_config.d/orleanspaas.conf
# The first line of the drop-in the node prints: only a file that starts so is ever replaced or removed.
readonly DROPIN_MARK="# Written by OrleansPaas"

# Whether the settings file already turns the system sshd on (an earlier --system-ssh): a re-run keeps it.
system_ssh_in_settings() { grep -q '"SystemSshd":[[:space:]]*true' "$settings_file" 2>/dev/null; }

# Turns Paas:Ssh:SystemSshd on in the settings file (before the node starts, so it serves the socket).
system_ssh_setting() {
  system_ssh_in_settings && return 0
  grep -q '"SystemSshd"' "$settings_file" && fail "$settings_file sets \"SystemSshd\" otherwise; set it to true or leave --system-ssh out"
  grep -q '^[[:space:]]*"Ssh"' "$settings_file" && fail "$settings_file has an \"Ssh\" block: add \"SystemSshd\": true to it yourself"
  sed -i 's/^\([[:space:]]*"Paas":[[:space:]]*{\)[[:space:]]*$/\1\n    "Ssh": { "SystemSshd": true },/' "$settings_file" &&
    system_ssh_in_settings || fail "cannot add \"Ssh\": { \"SystemSshd\": true } to $settings_file"
}

reload_system_sshd() {
  if [ "$service" = systemd ] && systemctl is-active --quiet ssh 2>/dev/null; then
    run systemctl reload ssh
  elif [ -s /run/sshd.pid ] && [ "$(cat "/proc/$(cat /run/sshd.pid)/comm" 2>/dev/null)" = sshd ]; then
    kill -HUP "$(cat /run/sshd.pid)" || fail "cannot tell sshd ($(cat /run/sshd.pid)) to read its configuration again"
  else
    printf -- '       the system'"'"'s sshd is not running; it reads the drop-in when it starts (systemctl enable --now ssh)\n'
  fi
}

# Writes the drop-in from the installed node, checks the whole configuration with sshd -t, reloads sshd.
system_ssh_enable() {
  step "Serving paas@HOST:APP.git on the system's sshd ($SSHD_DROPIN)"
  grep -q '^[[:space:]]*Include[[:space:]]\+/etc/ssh/sshd_config.d/\*\.conf' "$SSHD_CONFIG" 2>/dev/null ||
    fail "$SSHD_CONFIG does not include /etc/ssh/sshd_config.d/*.conf (Debian 12+ and Ubuntu 24.04 do); add 'Include /etc/ssh/sshd_config.d/*.conf' as its first line"
  if [ -f "$SSHD_DROPIN" ] && ! head -n 1 "$SSHD_DROPIN" | grep -q "^$DROPIN_MARK"; then
    fail "$SSHD_DROPIN exists and was not written by OrleansPaas; move it away first"
  fi
  mkdir -p "$(dirname "$SSHD_DROPIN")" || fail "cannot create $(dirname "$SSHD_DROPIN")"
  "$bin_dir/orleanspaas" ssh-dropin >"$SSHD_DROPIN.new" 2>>"$install_log" || fail "'orleanspaas ssh-dropin' failed (see $install_log)"
  local previous=""
  [ -f "$SSHD_DROPIN" ] && previous="$SSHD_DROPIN.old" && cp "$SSHD_DROPIN" "$previous"
  mv "$SSHD_DROPIN.new" "$SSHD_DROPIN" || fail "cannot write $SSHD_DROPIN"
  if ! /usr/sbin/sshd -t >>"$install_log" 2>&1; then
    # sshd refuses the result: the system's sshd must stay as it was.
    if [ -n "$previous" ]; then mv "$previous" "$SSHD_DROPIN"; else rm -f "$SSHD_DROPIN"; fi
    fail "sshd -t refuses the configuration with the drop-in (see $install_log); nothing of sshd's was changed"
  fi
  rm -f "$previous"
  reload_system_sshd
}

# --uninstall: the drop-in goes (the node that answered it is gone too).
system_ssh_remove() {
  [ -f "$SSHD_DROPIN" ] && head -n 1 "$SSHD_DROPIN" | grep -q "^$DROPIN_MARK" || return 0
  step "Removing the system sshd's drop-in ($SSHD_DROPIN)"
  rm -f "$SSHD_DROPIN" || fail "cannot remove $SSHD_DROPIN"
  reload_system_sshd
}
