#!/usr/bin/env bash
# Installs and starts what the test suite needs from the operating system, when it is missing:
# Debian's Chromium (browser tests), a PostgreSQL server (the second database run), Redis (the
# clustered live-bus test), sipp (package sip-tester: the SIP caller of the voice tests), espeak-ng (the
# voice gateway says position and expected wait to callers on hold in he/en/ar/ru) and Dovecot (a
# private IMAP server for the IMAP polling tests). Safe to run again; does nothing when all is there.
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v psql >/dev/null || need+=(postgresql postgresql-client)
command -v redis-server >/dev/null || need+=(redis-server)
command -v sipp >/dev/null || need+=(sip-tester)
command -v dovecot >/dev/null || need+=(dovecot-imapd)
command -v espeak-ng >/dev/null || need+=(espeak-ng)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  $SUDO redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
fi
# The IMAP polling tests' private Dovecot on 127.0.0.1:10143 (its own config under /tmp/moked-dovecot).
$SUDO bash "$(dirname "$0")/start-test-imap.sh" || echo "the test IMAP server did not start; the IMAP polling tests will skip" >&2
