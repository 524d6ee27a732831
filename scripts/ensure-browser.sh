#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium (no browser download by a test tool), and
# Chinese renders only with a CJK font. Installs both when missing and we are root (CI,
# a fresh machine); otherwise says what to install.
#
# Another apt or dpkg may be running (unattended upgrades, a second checkout's tests):
# apt-get install waits for dpkg's lock (DPkg::Lock::Timeout), but apt-get update fails at
# once on the package lists' lock whatever the timeout, so both run in a loop that waits
# for the lock, saying so, for up to LOCK_WAIT_SECONDS.
set -euo pipefail
LOCK_WAIT_SECONDS=${ZHSEARCH_APT_LOCK_WAIT:-300}
say() { echo "ensure-browser: $*" >&2; }

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
# grep reads to the end (no -q): an early exit would kill fc-list with SIGPIPE, which
# pipefail would count as a missing font.
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  say "the browser tests need Debian packages: ${need[*]}; run: sudo apt-get install -y ${need[*]}"
  exit 1
fi

# Runs apt-get with its arguments; while another apt or dpkg holds a lock, waits and tries
# again (until LOCK_WAIT_SECONDS), saying who holds it.
apt_get() {
  local deadline=$((SECONDS + LOCK_WAIT_SECONDS)) output status
  while :; do
    status=0
    output=$(apt-get -o DPkg::Lock::Timeout="$LOCK_WAIT_SECONDS" "$@" 2>&1) || status=$?
    [ "$status" -eq 0 ] && return 0
    if ! grep -q "Could not get lock\|Unable to lock" <<<"$output" || [ "$SECONDS" -ge "$deadline" ]; then
      echo "$output" >&2
      say "apt-get $* failed (exit $status)"
      return "$status"
    fi
    say "waiting for another apt or dpkg to finish ($(grep -o 'held by process [0-9]* ([^)]*)' <<<"$output" | head -1 || echo 'lock busy')); $((deadline - SECONDS)) s left"
    sleep 5
  done
}

say "installing Debian packages for the browser tests: ${need[*]} (a minute or two, once)"
export DEBIAN_FRONTEND=noninteractive
say "apt-get update: reading the package lists"
apt_get update -qq
say "apt-get install ${need[*]}"
apt_get install -y -qq --no-install-recommends "${need[@]}"
say "installed ${need[*]}"
