#!/usr/bin/env bash
# Builds the libraries Debian does not ship for MinGW-w64 (wxWidgets, Poco,
# OpenSSL, SQLite, libpng, libarchive, md4c, simdjson, nlohmann-json) from Debian's own
# source packages, static, for x86_64 Windows, and prints the prefix they are
# installed in:
#   scripts/windows-deps.sh            build what is missing, print the prefix
#   scripts/windows-deps.sh --prefix   only print the prefix (exit 1 when not built)
# Everything lives outside the repository (root: /var/cache/parley-ci/windows-deps,
# others: ~/.cache/parley-windows-deps). Each library has its own prefix,
# libs/NAME-KEY, keyed by its source version, its build function, the shared
# build steps, the compiler and the keys of the libraries it builds on: changing
# one library rebuilds it and what depends on it, nothing else. The prefix
# printed, KEY/, joins them (hard links) and is keyed by all of them.
# Builds run under `nice -n 10` with PARLEY_WINDOWS_DEPS_JOBS (default 2) jobs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
toolchain=$root/cmake/mingw-w64-x86_64.cmake
triple=x86_64-w64-mingw32
mingw_sysroot=/usr/$triple
jobs=${PARLEY_WINDOWS_DEPS_JOBS:-2}

# The source package versions, in order of preference. Some mirrors lack the
# newest security upload's .dsc; the next listed version is tried then.
declare -A versions=(
  [libpng1.6]="1.6.39-2+deb12u5"
  [wxwidgets3.2]="3.2.2+dfsg-2"
  [openssl]="3.0.20-1~deb12u2"
  [poco]="1.11.0-3+deb12u1"
  [simdjson]="3.0.1-1"
  [nlohmann-json3]="3.11.2-2"
  [libarchive]="3.6.2-1+deb12u5"
  [md4c]="0.4.8-1"
  [sqlite3]="3.40.1-2+deb12u2"
)
# Library name, its source package, the libraries it builds on. The quick ones
# first, wxWidgets (the longest) last.
libraries=(nlohmann-json simdjson md4c libpng libarchive openssl sqlite poco wx)
declare -A source_of=(
  [nlohmann-json]=nlohmann-json3 [simdjson]=simdjson [md4c]=md4c [libpng]=libpng1.6 [libarchive]=libarchive
  [openssl]=openssl [sqlite]=sqlite3 [poco]=poco [wx]=wxwidgets3.2
)
declare -A needs=([poco]="openssl sqlite" [wx]=libpng)

if [[ $(id -u) -eq 0 ]]; then cache=/var/cache/parley-ci/windows-deps; else
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/parley-windows-deps; fi

run() { nice -n 10 "$@"; }
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

# --- Sources: a private apt configuration whose source list is the machine's
# own Debian entries turned into deb-src. No system file is changed.
setup_apt() {
  . /etc/os-release
  apt_dir=$work_root/apt
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  {
    # One-line format: "deb [opts] URI SUITE COMPONENTS..."
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [[ -f $f ]] || continue
      awk -v c="$VERSION_CODENAME" '$1 == "deb" { s = ($2 ~ /^\[/) ? 4 : 3; if ($s ~ "^" c "(-|$)") { $1 = "deb-src"; print } }' "$f"
    done
    # deb822 format: one line per URI and suite.
    for f in /etc/apt/sources.list.d/*.sources; do
      [[ -f $f ]] || continue
      awk -v c="$VERSION_CODENAME" '
        function flush() {
          if (types ~ /(^| )deb( |$)/ && uris != "") {
            n = split(uris, u, " "); m = split(suites, s, " ")
            for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
              if (s[j] ~ "^" c "(-|$)") print "deb-src " (key != "" ? "[signed-by=" key "] " : "") u[i] " " s[j] " " comps
          }
          types = uris = suites = comps = key = ""
        }
        /^[ \t]*$/ { flush(); next }
        /^#/ { next }
        { field = tolower($1); sub(/:$/, "", field); $1 = ""; sub(/^ /, "")
          if (field == "types") types = $0; else if (field == "uris") uris = $0
          else if (field == "suites") suites = $0; else if (field == "components") comps = $0
          else if (field == "signed-by") key = $0 }
        END { flush() }' "$f"
    done
  } >"$apt_dir/sources.list"
  if [[ ! -s $apt_dir/sources.list ]]; then
    echo "windows-deps: no Debian $VERSION_CODENAME entry in /etc/apt/sources.list(.d) to derive deb-src from" >&2
    exit 1
  fi
  printf '%s\n' "Dir::Etc::sourcelist \"$apt_dir/sources.list\";" 'Dir::Etc::sourceparts "-";' \
    "Dir::State::Lists \"$apt_dir/lists\";" "Dir::Cache \"$apt_dir/cache\";" \
    "APT::Sandbox::User \"$(id -un)\";" >"$apt_dir/apt.conf"
  export APT_CONFIG=$apt_dir/apt.conf
  echo "== deb-src from the machine's sources:"
  sed 's/^/   /' "$apt_dir/sources.list"
  apt-get update -qq
  apt_ready=1
}

declare -A used
fetch_source() {
  local pkg=$1 candidates v
  [[ -n ${apt_ready:-} ]] || setup_apt
  candidates=$(printf '%s\n' "${versions[$pkg]}"; apt-cache showsrc "$pkg" | sed -n 's/^Version: //p' | sort -Vr)
  for v in $(awk '!seen[$0]++' <<<"$candidates"); do
    if (cd "$work" && apt-get source -qq "$pkg=$v" >"$work_root/$pkg.fetch.log" 2>&1); then
      used[$pkg]=$v
      [[ $v == "${versions[$pkg]}" ]] || echo "windows-deps: $pkg ${versions[$pkg]} could not be fetched; using $v" >&2
      return 0
    fi
  done
  # Some mirrors carry a package's upstream tarball but not its Debian diff:
  # then the upstream tarball alone, checked against the signed source index.
  if fetch_upstream "$pkg" "${versions[$pkg]}"; then
    used[$pkg]="${versions[$pkg]} (upstream tarball, without the Debian diff)"
    echo "windows-deps: $pkg: ${used[$pkg]}" >&2
    return 0
  fi
  echo "windows-deps: no version of the source package $pkg could be fetched:" >&2
  cat "$work_root/$pkg.fetch.log" >&2
  exit 1
}
fetch_upstream() {
  local pkg=$1 v=$2 uri file size hash
  read -r uri file size hash < <(apt-get source --print-uris -qq "$pkg=$v" 2>/dev/null | grep "\.orig\.tar\." | head -n1) ||
    return 1
  uri=${uri//\'/}
  /usr/lib/apt/apt-helper download-file "$uri" "$work/$file" "$hash" >>"$work_root/$pkg.fetch.log" 2>&1 || return 1
  [[ $(stat -c %s "$work/$file") == "$size" ]] || return 1
  mkdir -p "$work/$pkg-upstream"
  tar -xf "$work/$file" -C "$work/$pkg-upstream" --strip-components=1
}
source_dir() { find "$work" -maxdepth 1 -mindepth 1 -type d -name "$1-*" | head -n1; }

# $prefix is the library's own prefix; the toolchain searches it and those of
# the libraries it builds on ($dep_prefixes).
cmake_build() {
  local name=$1 src=$2; shift 2
  local roots
  roots=$(IFS=';'; echo "$prefix${dep_prefixes[*]/#/;}")
  run cmake -S "$src" -B "$work/build-$name" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DPARLEY_WINDOWS_DEPS_PREFIX="$roots" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DCMAKE_INSTALL_LIBDIR=lib -DZLIB_LIBRARY="$mingw_sysroot/lib/libz.a" -DZLIB_INCLUDE_DIR="$mingw_sysroot/include" \
    "${launcher[@]}" "$@" >"$work/$name.configure.log" 2>&1 ||
    { tail -n 40 "$work/$name.configure.log" >&2; exit 1; }
  run cmake --build "$work/build-$name" -j "$jobs" >"$work/$name.build.log" 2>&1 ||
    { grep -m 20 -B 2 -A 8 'error' "$work/$name.build.log" >&2 || tail -n 40 "$work/$name.build.log" >&2; exit 1; }
  cmake --install "$work/build-$name" >/dev/null
}

build_libpng() {
  fetch_source libpng1.6
  cmake_build libpng "$(source_dir libpng1.6)" -DPNG_SHARED=OFF -DPNG_STATIC=ON -DPNG_EXECUTABLES=OFF -DPNG_TESTS=OFF
}

build_wx() {
  fetch_source wxwidgets3.2
  # The Debian tarball has no bundled image libraries: zlib comes from
  # libz-mingw-w64-dev, libpng from its own build (the Tango art provider and SVG
  # need PNG); what the app does not use is left out: it links only wx's
  # core and base, and a cold CI run builds this.
  cmake_build wx "$(source_dir wxwidgets3.2)" \
    -DwxBUILD_SHARED=OFF -DwxBUILD_USE_STATIC_RUNTIME=ON -DwxBUILD_SAMPLES=OFF -DwxBUILD_TESTS=OFF -DwxBUILD_DEMOS=OFF \
    -DwxUSE_ZLIB=sys -DwxUSE_LIBPNG=sys \
    -DwxUSE_LIBJPEG=OFF -DwxUSE_LIBTIFF=OFF -DwxUSE_EXPAT=OFF -DwxUSE_XML=OFF -DwxUSE_XRC=OFF \
    -DwxUSE_REGEX=builtin -DwxUSE_NANOSVG=builtin -DwxUSE_HTML=OFF -DwxUSE_WEBVIEW=OFF -DwxUSE_MEDIACTRL=OFF \
    -DwxUSE_OPENGL=OFF -DwxUSE_STC=OFF -DwxUSE_PROPGRID=OFF -DwxUSE_RIBBON=OFF -DwxUSE_RICHTEXT=OFF -DwxUSE_AUI=OFF \
    -DwxUSE_SOUND=OFF -DwxUSE_GRID=OFF -DwxUSE_DATAVIEWCTRL=OFF -DwxUSE_TREELISTCTRL=OFF -DwxUSE_DEBUGREPORT=OFF \
    -DwxUSE_SOCKETS=OFF -DwxUSE_PROTOCOL=OFF -DwxUSE_PROTOCOL_FTP=OFF -DwxUSE_PROTOCOL_HTTP=OFF -DwxUSE_URL=OFF \
    -DwxUSE_FS_INET=OFF -DwxUSE_WEBREQUEST=OFF -DwxUSE_WXHTML_HELP=OFF
}

build_openssl() {
  fetch_source openssl
  local src
  src=$(source_dir openssl)
  # "gcc-posix" after the cross prefix: the same thread model as the app.
  (cd "$src" && run ./Configure mingw64 --cross-compile-prefix=$triple- CC=gcc-posix no-shared no-tests no-module \
    --prefix="$prefix" --libdir=lib >"$work/openssl.configure.log" 2>&1) ||
    { tail -n 40 "$work/openssl.configure.log" >&2; exit 1; }
  (cd "$src" && run make -j "$jobs" build_libs >"$work/openssl.build.log" 2>&1 && make install_dev >/dev/null) ||
    { tail -n 40 "$work/openssl.build.log" >&2; exit 1; }
}

build_sqlite() {
  fetch_source sqlite3
  # Poco bundles SQLite 3.35.5, whose group_concat() stops at a NUL byte (the
  # history keeps a streamed reply whole, NULs included): Debian's SQLite
  # replaces it. Poco compiles the amalgamation, one sqlite3.c, which is
  # generated here with the host's compiler and tclsh.
  mkdir -p "$work/amalgamation" "$prefix/src"
  (cd "$work/amalgamation" && run "$(source_dir sqlite3)/configure" >"$work/sqlite.configure.log" 2>&1 &&
    run make sqlite3.c >"$work/sqlite.build.log" 2>&1) ||
    { tail -n 40 "$work/sqlite.configure.log" "$work/sqlite.build.log" >&2; exit 1; }
  cp "$work/amalgamation/sqlite3.c" "$work/amalgamation/sqlite3.h" "$prefix/src/"
}

build_poco() {
  fetch_source poco
  local src
  src=$(source_dir poco)
  cp "${lib_prefix[sqlite]}/src/sqlite3.c" "${lib_prefix[sqlite]}/src/sqlite3.h" "$src/Data/SQLite/src/"
  # Windows header names are lowercase in MinGW, and a case-sensitive file
  # system does not find <Winsock2.h>. The installed header is used by the
  # app too, so the source is patched rather than shimmed.
  sed -i 's/<Winsock2.h>/<winsock2.h>/; s/<Iphlpapi.h>/<iphlpapi.h>/' "$src/Foundation/include/Poco/UnWindows.h"
  # MinGW's iphlpapi.h pulls in wincrypt.h, whose TIMESTAMP_REQUEST macro
  # breaks an enumerator of the same name.
  sed -i '0,/^namespace Poco/s//#ifdef TIMESTAMP_REQUEST\n#undef TIMESTAMP_REQUEST\n#endif\n\n&/' \
    "$src/Net/include/Poco/Net/ICMPv4PacketImpl.h"
  local on=() off=() c
  for c in FOUNDATION XML JSON UTIL NET CRYPTO NETSSL DATA DATA_SQLITE; do on+=("-DENABLE_$c=ON"); done
  # ODBC is off explicitly: MinGW ships libodbc32.a, which Poco would detect.
  for c in NETSSL_WIN JWT DATA_ODBC DATA_MYSQL DATA_POSTGRESQL ENCODINGS MONGODB REDIS ZIP PDF SEVENZIP PAGECOMPILER \
    PAGECOMPILER_FILE2PAGE ACTIVERECORD ACTIVERECORD_COMPILER APACHECONNECTOR CPPPARSER POCODOC; do
    off+=("-DENABLE_$c=OFF")
  done
  cmake_build poco "$src" -DBUILD_SHARED_LIBS=OFF -DENABLE_TESTS=OFF -DOPENSSL_ROOT_DIR="${lib_prefix[openssl]}" \
    -DOPENSSL_USE_STATIC_LIBS=TRUE -DFORCE_OPENSSL=ON "${on[@]}" "${off[@]}" \
    -DCMAKE_MC_COMPILER="$(command -v $triple-windmc)" -DCMAKE_C_FLAGS=-DSQLITE_ENABLE_FTS5
  # Core calls SQLite itself: on Windows it is the copy inside PocoDataSQLite
  # (one SQLite in the program), whose header Poco does not install.
  cp "$src/Data/SQLite/src/sqlite3.h" "$prefix/include/sqlite3.h"
}

build_simdjson() {
  fetch_source simdjson
  cmake_build simdjson "$(source_dir simdjson)" -DBUILD_SHARED_LIBS=OFF -DSIMDJSON_DEVELOPER_MODE=OFF
}

build_libarchive() {
  fetch_source libarchive
  # Only what the updater reads (zip, tar.gz); no command-line tools.
  local c off=()
  for c in TEST TAR CPIO CAT OPENSSL MBEDTLS NETTLE CNG LZMA ZSTD LZ4 BZip2 LIBB2 LIBXML2 EXPAT PCREPOSIX ICONV ACL \
    XATTR; do
    off+=("-DENABLE_$c=OFF")
  done
  # Its ZLIB_WINAPI probe runs a test program, which a cross build cannot:
  # Debian's MinGW zlib is built without ZLIB_WINAPI, so the answer is given.
  cmake_build libarchive "$(source_dir libarchive)" -DENABLE_ZLIB=ON "${off[@]}" \
    -DZLIB_WINAPI_WITH_LIB="$mingw_sysroot/lib/libz.a" -DZLIB_WINAPI=0
  # On Windows the static library is archive_static, and the DLL would be
  # found first: only the static one stays.
  rm -f "$prefix/bin/libarchive.dll" "$prefix/lib/libarchive.dll.a"
  mv "$prefix/lib/libarchive_static.a" "$prefix/lib/libarchive.a"
}

build_md4c() {
  fetch_source md4c
  cmake_build md4c "$(source_dir md4c)" -DBUILD_SHARED_LIBS=OFF
}

build_nlohmann_json() {
  fetch_source nlohmann-json3
  cmake_build nlohmann-json "$(source_dir nlohmann-json3)" -DJSON_BuildTests=OFF -DJSON_Install=ON
}

# --- Keys. A library's key covers everything its build reads.
shared_steps=$( (declare -f run fetch_source source_dir cmake_build; sha256sum "$toolchain" | cut -d' ' -f1
  $triple-g++-posix --version | head -n1; cmake --version | head -n1) )
declare -A key_of lib_prefix
for lib in "${libraries[@]}"; do
  key_of[$lib]=$( (echo "${versions[${source_of[$lib]}]}"; declare -f "build_${lib//-/_}"; echo "$shared_steps"
    for d in ${needs[$lib]:-}; do echo "$d=${key_of[$d]}"; done) | sha256sum | cut -c1-16)
  lib_prefix[$lib]=$cache/libs/$lib-${key_of[$lib]}
done
key=$(for lib in "${libraries[@]}"; do echo "$lib=${key_of[$lib]}"; done | sha256sum | cut -c1-16)
prefix_all=$cache/$key

if [[ -f $prefix_all/.complete ]]; then
  echo "$prefix_all"
  exit 0
fi
[[ ${1:-} == --prefix ]] && { echo "windows deps not built: run scripts/windows-deps.sh" >&2; exit 1; }

for tool in $triple-g++-posix $triple-windmc cmake ninja make perl tclsh dpkg-source flock; do
  command -v "$tool" >/dev/null || { echo "windows-deps: $tool is missing (scripts/dev.sh deps installs it)" >&2; exit 1; }
done
[[ -f $mingw_sysroot/lib/libz.a ]] || { echo "windows-deps: $mingw_sysroot/lib/libz.a is missing (libz-mingw-w64-dev)" >&2; exit 1; }

mkdir -p "$cache/libs"
exec 9>"$cache/.lock"
flock 9
# Another run may have finished the same set while this one waited.
if [[ -f $prefix_all/.complete ]]; then
  echo "$prefix_all"
  exit 0
fi
# The work folder's name has no key, so a rebuild after a change reuses the
# compiler cache (paths below it are hashed relative to it).
work_root=$cache/work
export CCACHE_BASEDIR=$work_root CCACHE_NOHASHDIR=1
rm -rf "$work_root"
mkdir -p "$work_root"
trap 'rm -rf "$work_root"' EXIT

total_start=$SECONDS
timings=()
for lib in "${libraries[@]}"; do
  prefix=${lib_prefix[$lib]}
  [[ -f $prefix/.complete ]] && continue
  dep_prefixes=()
  for d in ${needs[$lib]:-}; do dep_prefixes+=("${lib_prefix[$d]}"); done
  work=$work_root/$lib
  rm -rf "$prefix" "$work"
  mkdir -p "$prefix" "$work"
  echo "== $lib"
  start=$SECONDS
  "build_${lib//-/_}"
  echo "${source_of[$lib]} ${used[${source_of[$lib]}]}" >"$prefix/SOURCE"
  touch "$prefix/.complete"
  rm -rf "$work"
  timings+=("$lib $((SECONDS - start)) s")
  echo "   $lib took $((SECONDS - start)) s"
  # The same library under an older key is no longer used by this tree.
  for old in "$cache/libs/$lib"-*; do [[ $old == "$prefix" ]] || rm -rf "$old"; done
done

# The joined prefix: hard links into each library's prefix (no copy).
rm -rf "$prefix_all"
mkdir -p "$prefix_all"
for lib in "${libraries[@]}"; do
  cp -al "${lib_prefix[$lib]}/." "$prefix_all/"
done
rm -f "$prefix_all/SOURCE" "$prefix_all/.complete"
for lib in "${libraries[@]}"; do cat "${lib_prefix[$lib]}/SOURCE"; done >"$prefix_all/SOURCES"
touch "$prefix_all/.complete"
for old in "$cache"/[0-9a-f]*; do [[ $old == "$prefix_all" ]] || rm -rf "$old"; done
echo "== windows deps ready in $((SECONDS - total_start)) s (built: ${timings[*]:-nothing}) in:" >&2
echo "$prefix_all"
