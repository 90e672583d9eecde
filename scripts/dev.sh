#!/usr/bin/env bash
# One entry point for developers and CI on Debian/Ubuntu:
#   scripts/dev.sh run        install what is missing, build, launch the desktop app
#   scripts/dev.sh test       install what is missing, build, run the whole test suite
#   scripts/dev.sh sanitize   the test suite built with ASan+UBSan
#   scripts/dev.sh fuzz [S]   every fuzz target for S seconds each (default 30)
#   scripts/dev.sh deps       only install the packages
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

# Build: compiler, CMake, the libraries. Tests: a Secret Service, an X
# server and the tools that drive it, MinGW + Wine for the Windows backend,
# the openssl CLI for test certificates, jq for JSON in shell tests.
packages=(
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  libwxgtk3.2-dev libpoco-dev nlohmann-json3-dev libboost-test-dev libsecret-1-dev libssl-dev libsqlite3-dev
  dbus dbus-x11 gnome-keyring libsecret-tools xvfb xauth xdotool xclip jq openssl sqlite3 curl
  g++-mingw-w64-x86-64 wine wine64
  libpq-dev postgresql faketime
  libarchive-dev libsodium-dev minisign
)

install_deps() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  echo "Installing: ${missing[*]}"
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

configure_and_build() {
  local dir=$1; shift
  cmake -S "$root" -B "$dir" -G Ninja "$@"
  cmake --build "$dir" -j "$jobs"
}

command=${1:-}
shift || true
case "$command" in
  deps)
    install_deps ;;
  run)
    install_deps
    configure_and_build "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
    exec "$root/build/ui/parley" "$@" ;;
  test)
    install_deps
    configure_and_build "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
    cd "$root/build"
    ctest --output-on-failure -j "$jobs" "$@" ;;
  sanitize)
    install_deps
    # The GUI and Wine tests exercise GTK and Wine, not our memory safety.
    configure_and_build "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug -DPARLEY_SANITIZE=ON -DPARLEY_BUILD_UI=OFF \
      -DPARLEY_BUILD_BENCH=OFF
    cd "$root/build-asan"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions="$root/tests/lsan-suppressions.txt" \
      ctest --output-on-failure -j "$jobs" -LE wine "$@" ;;
  fuzz)
    install_deps
    seconds=${1:-30}
    CC=clang CXX=clang++ configure_and_build "$root/build-fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARLEY_FUZZ=ON \
      -DPARLEY_BUILD_UI=OFF -DPARLEY_BUILD_TESTS=OFF -DPARLEY_BUILD_BENCH=OFF
    for target in "$root"/build-fuzz/tests/fuzz/*-fuzz; do
      name=$(basename "$target")
      corpus="$root/build-fuzz/corpus/$name"
      mkdir -p "$corpus"
      echo "== $name for ${seconds}s"
      seeds="$root/tests/fuzz/seeds/${name%-fuzz}"
      [[ -d "$seeds" ]] || seeds=""
      "$target" -max_total_time="$seconds" -print_final_stats=1 "$corpus" ${seeds:+"$seeds"}
    done ;;
  *)
    sed -n '2,8p' "$0"
    exit 2 ;;
esac
