#!/usr/bin/env bash
# Builds the Linux packages with CPack (as `scripts/dev.sh package` does) and checks the four
# files of the package contract are there by their exact names. Usage: build-packages.sh BUILD VERSION
set -euo pipefail
build=$1 version=$2
packages=$build/packages
rm -rf "$packages"
started=$SECONDS
(cd "$build" && cpack --config CPackConfig.cmake >"$build/cpack.log" 2>&1) || { tail -n 40 "$build/cpack.log" >&2; exit 1; }
echo "cpack: $((SECONDS - started))s"
for file in "parley_${version}_amd64.deb" "parley-licensing_${version}_amd64.deb" "parley-${version}-1.x86_64.rpm" \
            "parley-${version}-linux-x86_64.tar.gz"; do
  [[ -s $packages/$file ]] || { echo "FAIL: $packages/$file was not built" >&2; ls -l "$packages" >&2; exit 1; }
  echo "$file: $(du -h "$packages/$file" | cut -f1)"
done
