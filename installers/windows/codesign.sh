#!/usr/bin/env bash
# Authenticode-signs Windows programs and installers in place with
# osslsigncode (SHA-256), then verifies each signature against CA:
#   codesign.sh CERT.pem KEY.pem CA.pem FILE...
# The release build passes the vendor's certificate and key from its own
# environment (PARLEY_CODESIGN_* in installers/windows/CMakeLists.txt); the
# tests pass a throwaway certificate. No timestamp server is contacted:
# builds have no network, and a release pipeline with one adds `-ts URL`
# through PARLEY_CODESIGN_EXTRA.
set -euo pipefail
[[ $# -ge 4 ]] || { echo "usage: codesign.sh CERT.pem KEY.pem CA.pem FILE..." >&2; exit 2; }
cert=$1 key=$2 ca=$3
shift 3
command -v osslsigncode >/dev/null || { echo "codesign: osslsigncode is not installed" >&2; exit 1; }
read -r -a extra <<<"${PARLEY_CODESIGN_EXTRA:-}"
for file; do
  signed=$(mktemp "$file.signing.XXXXXX")
  if ! osslsigncode sign -certs "$cert" -key "$key" -h sha256 -n "Parley" "${extra[@]}" -in "$file" \
    -out "$signed.out" >"$signed" 2>&1; then
    echo "codesign: signing $file failed: $(cat "$signed")" >&2
    rm -f "$signed" "$signed.out"
    exit 1
  fi
  if ! osslsigncode verify -CAfile "$ca" -in "$signed.out" >"$signed" 2>&1 ||
    ! grep -q 'Signature verification: ok' "$signed"; then
    echo "codesign: the signature of $file does not verify: $(cat "$signed")" >&2
    rm -f "$signed" "$signed.out"
    exit 1
  fi
  mv "$signed.out" "$file"
  rm -f "$signed"
  echo "signed $file"
done
