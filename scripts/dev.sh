#!/usr/bin/env bash
# One entry point for developers and CI on Debian/Ubuntu:
#   scripts/dev.sh run        install what is missing, build, launch the desktop app
#   scripts/dev.sh test       install what is missing, build, run the whole test suite
#   scripts/dev.sh sanitize   the test suite built with ASan+UBSan
#   scripts/dev.sh tsan       the suites that run worker threads, built with TSan
#   scripts/dev.sh fuzz [S]   every fuzz target for S seconds each (default 30)
#   scripts/dev.sh package    the Linux packages (.deb, .rpm, per-user .tar.gz) into build/packages/
#   scripts/dev.sh deps       only install the packages
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

# Build: compiler, CMake, the libraries. Tests: a Secret Service, an X
# server and the tools that drive it, MinGW + Wine for the Windows backend,
# the openssl CLI for test certificates, jq for JSON in shell tests. Packages: rsvg-convert for
# the icons, rpm and nsis to build them, and what checks and installs them (lintian, the desktop
# and AppStream validators, apt-ftparchive, gpg, createrepo_c, debootstrap).
packages=(
  build-essential cmake ninja-build pkg-config ccache clang libclang-rt-14-dev
  libwxgtk3.2-dev libpoco-dev nlohmann-json3-dev libsimdjson-dev libboost-test-dev libsecret-1-dev libssl-dev libsqlite3-dev
  dbus dbus-x11 gnome-keyring libsecret-tools xvfb xauth xdotool xclip jq openssl sqlite3 curl strace python3
  g++-mingw-w64-x86-64 wine wine64
  libpq-dev postgresql faketime
  librsvg2-bin rpm lintian desktop-file-utils appstream nsis apt-utils gpg createrepo-c debootstrap x11-utils
  file cpio bash-completion
  libarchive-dev libsodium-dev minisign
  libmd4c-dev libgtk-3-dev python3-pyatspi at-spi2-core imagemagick python3-pil
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

# Compiled objects are cached outside the repository (ccache, keyed by the
# sources and flags), so a second run on the same machine rebuilds little.
if [[ -z ${CCACHE_DIR:-} ]]; then
  if [[ $(id -u) -eq 0 ]]; then CCACHE_DIR=/var/cache/parley-ci/ccache; else CCACHE_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/parley-ccache; fi
fi
export CCACHE_DIR CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
configure_and_build() {
  local dir=$1; shift
  mkdir -p "$CCACHE_DIR"
  cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache "$@"
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
    configure_and_build "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARLEY_BUILD_TESTS=ON -DPARLEY_BUILD_UI=ON
    cd "$root/build"
    ctest --output-on-failure --no-tests=error -j "$jobs" "$@" ;;
  package)
    install_deps
    configure_and_build "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
    cd "$root/build"
    cpack --config CPackConfig.cmake
    ls -l packages/*.deb packages/*.rpm packages/*.tar.gz ;;
  sanitize)
    install_deps
    # The GUI and Wine tests exercise GTK and Wine, not our memory safety.
    # libfaketime preloaded ahead of the ASan runtime was once seen not to
    # take hold on a loaded machine (the test then saw the real clock), so
    # the licensing time-travel suite (label faketime) runs in `test` only.
    configure_and_build "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug -DPARLEY_SANITIZE=ON -DPARLEY_BUILD_UI=OFF \
      -DPARLEY_BUILD_BENCH=OFF -DPARLEY_BUILD_TESTS=ON
    cd "$root/build-asan"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions="$root/tests/lsan-suppressions.txt" \
      ctest --output-on-failure --no-tests=error -j "$jobs" -LE 'wine|faketime' "$@" ;;
  tsan)
    install_deps
    # Only the suites whose code runs on more than one thread: the HTTP
    # client's cancellation, the provider client's retries and the chat's
    # signal handling (the CLI under test is built with TSan too), history
    # writers.
    configure_and_build "$root/build-tsan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARLEY_TSAN=ON -DPARLEY_BUILD_UI=OFF \
      -DPARLEY_BUILD_BENCH=OFF -DPARLEY_BUILD_TESTS=ON
    cd "$root/build-tsan"
    TSAN_OPTIONS="halt_on_error=1 suppressions=$root/tests/tsan-suppressions.txt" \
      ctest --output-on-failure --no-tests=error -j "$jobs" -R '^(net-tests|provider-tests|history-tests|cli-tests)$' \
      "$@" ;;
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
      # Inputs up to 1 MB: deep nesting and long lines only show past the 4 KB default.
      "$target" -max_total_time="$seconds" -max_len=1048576 -print_final_stats=1 "$corpus" ${seeds:+"$seeds"}
    done ;;
  *)
    sed -n '2,9p' "$0"
    exit 2 ;;
esac
