#!/usr/bin/env bash
# Writes the TLS material the tests use into OUTDIR: a private CA (ca.pem),
# a server certificate it signed for 127.0.0.1/localhost (good.pem/.key),
# one it signed for another host (wronghost.pem/.key) and a self-signed one
# (selfsigned.pem/.key). Usage: make-test-certs.sh OUTDIR
set -euo pipefail
out=$1
mkdir -p "$out"
cd "$out"
quiet() { "$@" >/dev/null 2>&1 || { echo "make-test-certs: $* failed" >&2; "$@"; exit 1; }; }

quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 \
  -subj "/CN=Parley Test CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"

issue() {  # name subject-alt-names
  local name=$1 san=$2
  quiet openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "/CN=$name"
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$san" >"$name.ext"
  quiet openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$name.pem" -days 3650 \
    -extfile "$name.ext"
  rm -f "$name.csr" "$name.ext"
}
issue good "IP:127.0.0.1,DNS:localhost"
issue wronghost "DNS:wrong-host.invalid"

quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout selfsigned.key -out selfsigned.pem -days 3650 \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost"
