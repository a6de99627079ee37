#!/usr/bin/env bash
# Prove that `make serve` starts and answers /healthz with 200, then stops on one TERM to its
# process group with nothing left running. Used by CI on a throwaway database.
set -euo pipefail
cd "$(dirname "$0")/.."

port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
db="lapas_serve_check_$$"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${db}"
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/13}
export MEDIA_ROOT SECRET_KEY
MEDIA_ROOT=$(mktemp -d)
SECRET_KEY="serve-check-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
log=$(mktemp)

setsid make serve HOST=127.0.0.1 PORT="$port" >"$log" 2>&1 &
group=$!
cleanup() {
    kill -TERM -- "-$group" 2>/dev/null || true
    psql "postgres://postgres@127.0.0.1:5432/postgres" -qc "DROP DATABASE IF EXISTS \"$db\"" || true
    rm -rf "$MEDIA_ROOT"
}
trap cleanup EXIT

health() {
    .venv/bin/python - "$port" <<'PY'
import sys, urllib.error, urllib.request
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=5) as r:
        print(r.status, r.read().decode())
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode())
except OSError:
    print("000")
PY
}

answer="000"
for _ in $(seq 1 180); do
    answer=$(health)
    [[ $answer == 200* ]] && break
    if ! kill -0 "$group" 2>/dev/null; then break; fi
    sleep 1
done
echo "/healthz: $answer"
if [[ $answer != 200* ]]; then
    echo "make serve did not answer /healthz with 200; its output:" >&2
    cat "$log" >&2
    exit 1
fi

kill -TERM -- "-$group"
for _ in $(seq 1 40); do
    pgrep -g "$group" >/dev/null || break
    sleep 1
done
if pgrep -g "$group" >/dev/null; then
    echo "Processes still running 40 s after TERM:" >&2
    pgrep -a -g "$group" >&2
    exit 1
fi
echo "make serve stopped on TERM with nothing left running."
