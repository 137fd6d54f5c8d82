#!/usr/bin/env bash
# Starts a private Dovecot IMAP server on 127.0.0.1 for the IMAP polling tests and the mail benchmark:
# plain IMAP on port ${MOKED_TEST_IMAP_PORT:-10143}, one user `moked` (password `moked-imap-test`) whose
# mail lives under /tmp/moked-dovecot. It never touches the system's own Dovecot configuration.
# Safe to run again; does nothing when the server already answers. Needs root (Dovecot switches users).
set -euo pipefail
PORT="${MOKED_TEST_IMAP_PORT:-10143}"
DIR=/tmp/moked-dovecot
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT" && head -c 4 <&3 | grep -q '^\* OK') 2>/dev/null; }
answers && exit 0
command -v dovecot >/dev/null || { echo "dovecot is not installed (apt-get install dovecot-imapd)" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "the test IMAP server needs root to start" >&2; exit 1; }
id moked-imap >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin moked-imap
mkdir -p "$DIR/run" "$DIR/mail"
chown moked-imap: "$DIR/mail"
echo "moked:{PLAIN}moked-imap-test:$(id -u moked-imap):$(id -g moked-imap)::$DIR/mail/moked" > "$DIR/users"
cat > "$DIR/dovecot.conf" <<CONF
base_dir = $DIR/run
state_dir = $DIR/run
log_path = $DIR/dovecot.log
instance_name = moked-test
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$DIR/mail/%u
first_valid_uid = 100
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DIR/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $DIR/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
CONF
dovecot -c "$DIR/dovecot.conf"
for _ in $(seq 1 50); do answers && exit 0; sleep 0.2; done
echo "the test IMAP server did not answer on port $PORT; see $DIR/dovecot.log" >&2
exit 1
