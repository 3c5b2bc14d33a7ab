#!/usr/bin/env bash
# The production set-up of docs/deploy.md on one machine: PostgreSQL, Redis, two gunicorn gevent
# processes and Debian's nginx (its own instance: config, pid and logs under one folder) with a
# self-signed certificate on https://127.0.0.1:8443. For trying the guide and for the deploy tests.
#
#   deploy/prod-local.sh start | stop | restart PORT
#
# `restart PORT` is one step of the release checklist: stop that app process gracefully (SIGTERM:
# its phones move to the others) and start it again; its phones are then sent home to it.
#
# Settings (environment; the Makefile passes its own defaults):
#   PROD_LOCAL_DIR          folder for config, certificate, pids and logs   (instance/prod-local)
#   PROD_LOCAL_HTTPS_PORT   nginx https port                                (8443)
#   PROD_LOCAL_HTTP_PORT    nginx http port, redirects to https             (8080)
#   PROD_LOCAL_APP_PORTS    the app processes' ports                        ("8001 8002")
#   PROD_LOCAL_PG           PostgreSQL server URL, without database        (postgresql://postgres@127.0.0.1:5432)
#   PROD_LOCAL_DATABASE     database, created when missing                  (learnplatform_local)
#   PROD_LOCAL_REDIS_URL    Redis                                           (redis://127.0.0.1:6379/0)
#   PROD_LOCAL_NGINX        the nginx binary                                (nginx on PATH)
#   PROD_LOCAL_DROP_DATABASE=1 with stop: drop the database too
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${PROD_LOCAL_DIR:-$ROOT/instance/prod-local}"
HTTPS_PORT="${PROD_LOCAL_HTTPS_PORT:-8443}"
HTTP_PORT="${PROD_LOCAL_HTTP_PORT:-8080}"
APP_PORTS="${PROD_LOCAL_APP_PORTS:-8001 8002}"
PG="${PROD_LOCAL_PG:-postgresql://postgres@127.0.0.1:5432}"
DATABASE="${PROD_LOCAL_DATABASE:-learnplatform_local}"
REDIS_URL="${PROD_LOCAL_REDIS_URL:-redis://127.0.0.1:6379/0}"
BIN="${PROD_LOCAL_BIN:-$ROOT/.venv/bin}"
NGINX="${PROD_LOCAL_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"

write_env() {
  [ -f "$DIR/secret_key" ] || (umask 077 && openssl rand -hex 32 > "$DIR/secret_key")
  cat > "$DIR/env" <<EOF
export LEARNPLATFORM_ENV=production
export SECRET_KEY=$(cat "$DIR/secret_key")
export DATABASE_URL=$PG/$DATABASE
export REDIS_URL=$REDIS_URL
export SOCKETIO_ASYNC_MODE=gevent
export TRUSTED_PROXIES=1
export PUBLIC_URL=https://127.0.0.1:$HTTPS_PORT
export LEARNPLATFORM_INSTANCE=$DIR/instance
# Every phone of a load test on this machine comes from 127.0.0.1: a venue that size behind one
# address needs the per-address limits raised (docs/deploy.md, "Abuse limits").
export LIVE_NEW_PARTICIPANTS_PER_ADDRESS="${LIVE_NEW_PARTICIPANTS_PER_ADDRESS:-5000 per hour}"
export LIVE_SOCKETS_PER_ADDRESS=${LIVE_SOCKETS_PER_ADDRESS:-5000}
EOF
}

make_certificate() {
  [ -f "$DIR/tls/cert.pem" ] && return
  mkdir -p "$DIR/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$DIR/tls/key.pem" -out "$DIR/tls/cert.pem" 2>/dev/null
  chmod 600 "$DIR/tls/key.pem"
}

create_database() {
  local exists
  exists=$(psql "$PG/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")
  [ "$exists" = "1" ] || psql "$PG/postgres" -qc "CREATE DATABASE \"$DATABASE\""
}

# 65,536 open files (deploy/nginx/nginx.conf), or this machine's hard limit when it is lower
# (a container may cap it; nginx then logged a setrlimit alert per worker)
nofile_limit() {
  local hard
  hard=$(ulimit -Hn)
  if [ "$hard" = "unlimited" ] || [ "$hard" -gt 65536 ]; then echo 65536; else echo "$hard"; fi
}

write_nginx_conf() {
  local servers="" port
  for port in $APP_PORTS; do
    servers="$servers        server 127.0.0.1:$port max_fails=0;"$'\n'
  done
  mkdir -p "$DIR/nginx/temp"
  chmod 1777 "$DIR/nginx/temp"
  # the main settings of deploy/nginx/nginx.conf and the site of deploy/nginx/learnplatform.conf,
  # with this folder's paths and ports
  cat > "$DIR/nginx/nginx.conf" <<EOF
worker_processes auto;
worker_rlimit_nofile $(nofile_limit);
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;

events {
    worker_connections 16384;
    multi_accept on;
    accept_mutex off;
}

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    server_tokens off;
    client_body_temp_path $DIR/nginx/temp/body;
    proxy_temp_path $DIR/nginx/temp/proxy;
    fastcgi_temp_path $DIR/nginx/temp/fastcgi;
    uwsgi_temp_path $DIR/nginx/temp/uwsgi;
    scgi_temp_path $DIR/nginx/temp/scgi;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:SSL:20m;
    ssl_session_timeout 1h;

    map \$cookie_lp_route \$learnplatform_route {
        ""      \$remote_addr;
        default \$cookie_lp_route;
    }
    map \$http_upgrade \$connection_upgrade {
        default upgrade;
        ""      "";
    }
    upstream learnplatform {
        hash \$learnplatform_route consistent;
$servers        keepalive 64;
    }
    server {
        listen 127.0.0.1:$HTTP_PORT;
        return 301 https://\$host:$HTTPS_PORT\$request_uri;
    }
    server {
        listen 127.0.0.1:$HTTPS_PORT ssl;
        ssl_certificate $DIR/tls/cert.pem;
        ssl_certificate_key $DIR/tls/key.pem;
        client_max_body_size 2m;
        include $ROOT/deploy/nginx/learnplatform-proxy.conf;
    }
}
EOF
}

wait_for() {
  local url="$1" tries=150
  until curl -fsk -o /dev/null "$url"; do
    tries=$((tries - 1))
    if [ "$tries" -le 0 ]; then echo "no answer from $url" >&2; return 1; fi
    sleep 0.2
  done
}

start() {
  command -v "$NGINX" >/dev/null || { echo "nginx is missing: make nginx" >&2; exit 1; }
  test -x "$BIN/gunicorn" || { echo "gunicorn is missing: pip install -e '.[server]'" >&2; exit 1; }
  mkdir -p "$DIR/instance"
  write_env
  make_certificate
  create_database
  # shellcheck source=/dev/null
  . "$DIR/env"
  (cd "$ROOT" && "$BIN/flask" --app learnplatform db upgrade >/dev/null)
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  local port
  for port in $APP_PORTS; do
    [ -f "$DIR/app-$port.pid" ] && kill -0 "$(cat "$DIR/app-$port.pid")" 2>/dev/null && continue
    (cd "$ROOT" && LIVE_PROCESS_NAME="$port" "$BIN/gunicorn" -c deploy/gunicorn.conf.py --bind "127.0.0.1:$port" \
      --daemon --pid "$DIR/app-$port.pid" --error-logfile "$DIR/app-$port.log" \
      "learnplatform:create_app()" </dev/null >/dev/null 2>&1)
  done
  for port in $APP_PORTS; do wait_for "http://127.0.0.1:$port/healthz"; done
  write_nginx_conf
  "$NGINX" -t -q -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf"
  if [ -f "$DIR/nginx/nginx.pid" ] && kill -0 "$(cat "$DIR/nginx/nginx.pid")" 2>/dev/null; then
    "$NGINX" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -s reload
  else
    # the daemon must not hold on to our output (a caller reading it would wait forever)
    "$NGINX" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" </dev/null >/dev/null 2>&1
  fi
  wait_for "https://127.0.0.1:$HTTPS_PORT/healthz"
  echo "learnplatform (production settings) on https://127.0.0.1:$HTTPS_PORT/ (self-signed certificate)"
  echo "app processes on: $APP_PORTS; logs and pids in $DIR"
  echo "first account:  . $DIR/env && $BIN/flask --app learnplatform users create you@example.nl --name 'Your Name' --role beheerder"
}

stop_pid() {
  local file="$1" pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$file"
}

stop() {
  if [ -f "$DIR/nginx/nginx.pid" ]; then
    "$NGINX" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -s quit 2>/dev/null || true
    stop_pid "$DIR/nginx/nginx.pid"
  fi
  local file
  for file in "$DIR"/app-*.pid; do stop_pid "$file"; done
  if [ "${PROD_LOCAL_DROP_DATABASE:-0}" = "1" ]; then
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS \"$DATABASE\" WITH (FORCE)"
  fi
  echo "prod-local stopped"
}

restart() {
  local port="${1:?usage: $0 restart PORT}"
  stop_pid "$DIR/app-$port.pid"
  start >/dev/null
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) restart "${2:-}" ;;
  *) echo "usage: $0 start|stop|restart PORT" >&2; exit 2 ;;
esac
