#!/usr/bin/env bash
# `make serve`: run the application as in production, on this machine, in the foreground.
#
# PostgreSQL (DATABASE_URL; by default a local database `lapas_serve`, created when missing),
# Redis for the cache and sessions (REDIS_URL), static files collected, migrations applied,
# gunicorn with workers derived from the cores (deploy/gunicorn.conf.py) and the task workers
# that render certificate PDFs. One Ctrl-C, or a TERM to the process group, stops all of them;
# if any of them stops on its own, the others are stopped too.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export HOST PORT
export DEBUG=0
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lapas_serve}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/1}
export SITE_URL=${SITE_URL:-http://$HOST:$PORT}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-$HOST,localhost,127.0.0.1}
export DATABASE_CONN_MAX_AGE=${DATABASE_CONN_MAX_AGE:-60}
export STATIC_ROOT=${STATIC_ROOT:-$PWD/var/static}
export MEDIA_ROOT=${MEDIA_ROOT:-$PWD/var/serve-media}
export LOG_LEVEL=${LOG_LEVEL:-INFO}
TASK_WORKERS=${TASK_WORKERS:-2}
# Rendering PDFs can wait; pages cannot: the task workers yield the cores to the web workers
# (bench/load.py: a cohort's 40 PDFs otherwise slow every page while they render).
TASK_NICE=${TASK_NICE:-10}

if [[ $SITE_URL == http://* ]]; then
    # Plain HTTP on this machine: no redirect to HTTPS, cookies without the Secure flag.
    # Behind the TLS proxy (README, Deployment) neither of these is set.
    export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-0} SECURE_COOKIES=${SECURE_COOKIES:-0}
fi

if [[ -z ${SECRET_KEY:-} ]]; then
    # A key made once for this machine, kept out of git in var/ (readable by the owner only).
    mkdir -p var
    if [[ ! -s var/serve-secret-key ]]; then
        (umask 077 && $BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))' \
            > var/serve-secret-key)
    fi
    SECRET_KEY=$(cat var/serve-secret-key)
    export SECRET_KEY
fi

say() { printf '[serve] %s\n' "$*"; }

# The services this needs: start the local PostgreSQL cluster if it is installed and stopped.
if [[ $DATABASE_URL == postgres://*@127.0.0.1:* || $DATABASE_URL == postgres://*@localhost:* ]]; then
    if ! pg_isready -q -d "$DATABASE_URL" 2>/dev/null && command -v pg_ctlcluster >/dev/null; then
        say "Starting the local PostgreSQL cluster."
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
        for _ in $(seq 1 30); do pg_isready -q -d "$DATABASE_URL" && break; sleep 1; done
    fi
fi
$BIN/python scripts/serve_prepare.py

say "Applying migrations and collecting static files."
$BIN/python manage.py migrate --no-input -v 0
$BIN/python manage.py collectstatic --no-input --clear -v 0
# Renderings a killed worker left behind go back to the queue (certificates/services/recovery.py).
$BIN/python manage.py requeue_renders
if [[ -n ${SERVE_DEMO:-} ]]; then
    say "Loading the demo data (SERVE_DEMO)."
    DEMO_APP=1 $BIN/python manage.py seed_demo
fi

pids=()
stop() {
    trap - INT TERM EXIT
    say "Stopping."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

case ${TASKS_BACKEND:-database} in
    database) worker=(manage.py db_worker --interval 1 -v 0) ;;
    rq) worker=(manage.py rqworker --with-scheduler --job-class django_tasks_rq.Job default) ;;
    *) worker=() ;;
esac
if ((${#worker[@]})); then
    for _ in $(seq 1 "$TASK_WORKERS"); do
        nice -n "$TASK_NICE" $BIN/python "${worker[@]}" &
        pids+=($!)
    done
fi
$BIN/gunicorn --config deploy/gunicorn.conf.py &
pids+=($!)
say "Serving at $SITE_URL/ (health: $SITE_URL/healthz) with ${#pids[@]} processes; Ctrl-C stops."

# Whichever stops first (a crash, or a signal), stop the rest and report its status.
status=0
wait -n "${pids[@]}" || status=$?
stop
exit "$status"
