# Sourced by .ci/run and local-stack.sh: the Milvus standalone server of PyPI's milvus 2.3.5 package (its own etcd and
# local storage), run in its own process group.
# shellcheck shell=bash

# milvus_install VENV: the package in the virtualenv VENV, unless it is there already; false when it cannot be installed
milvus_install() {
  [ -x "$1/bin/milvus-server" ] && return 0
  python3 -m venv "$1" && "$1/bin/pip" install -q milvus==2.3.5
}

# milvus_tls DIR: a certificate authority (DIR/ca.pem) and a server certificate it signed for localhost and 127.0.0.1
# (DIR/server.pem, DIR/server.key), made with openssl; false when openssl is missing or fails
milvus_tls() {
  command -v openssl > /dev/null || return 1
  mkdir -p "$1"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=mpi test authority" \
      -keyout "$1/ca.key" -out "$1/ca.pem" 2> "$1/openssl.log" \
    && openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$1/server.key" -out "$1/server.csr" \
      2>> "$1/openssl.log" \
    && printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$1/server.ext" \
    && openssl x509 -req -days 2 -in "$1/server.csr" -CA "$1/ca.pem" -CAkey "$1/ca.key" -CAcreateserial \
      -extfile "$1/server.ext" -out "$1/server.pem" 2>> "$1/openssl.log" \
    && chmod 644 "$1/ca.pem"
}

# milvus_start VENV DATA PORT [milvus-server options]: starts the server with its proxy (the gRPC port clients use) on
# PORT, its data and log (DATA.log) beside each other, in its own process group; its pid in MILVUS_PID; waits up to
# 120 s for the port to answer; false, with the log's end on stderr and the server stopped, when it does not
milvus_start() {
  local venv=$1 data=$2 port=$3
  shift 3
  setsid "$venv/bin/milvus-server" --data "$data" --proxy-port "$port" "$@" > "$data.log" 2>&1 &
  MILVUS_PID=$!
  for _ in $(seq 1 120); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    kill -0 "$MILVUS_PID" 2>/dev/null || break
    sleep 1
  done
  tail -n 30 "$data.log" >&2
  milvus_stop "$MILVUS_PID"
  return 1
}

# milvus_stop PID: the server runs etcd and its coordinators as children and is slow to stop on SIGTERM: its whole
# process group gets SIGTERM, then SIGKILL after 10 s
milvus_stop() {
  [ -n "${1:-}" ] || return 0
  kill -TERM -- "-$1" 2>/dev/null || kill "$1" 2>/dev/null || true
  for _ in $(seq 1 10); do
    kill -0 -- "-$1" 2>/dev/null || break
    sleep 1
  done
  kill -KILL -- "-$1" 2>/dev/null || true
}
