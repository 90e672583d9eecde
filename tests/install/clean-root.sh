# Sourced by the install tests: a fresh minimal Debian 12 root to install packages into.
#   clean_root_create DIR      extract the cached debootstrap base into DIR (building the cache if cold)
#   in_root DIR CMD...         run CMD chrooted in DIR with /proc, /dev, /sys mounted in a private
#                              mount namespace (gone when CMD ends, also on failure); the network
#                              namespace is shared, so 127.0.0.1 reaches servers the test runs outside
# The mirror is this machine's (its apt sources); nothing names a host here. Caches live outside
# the repository, in $PARLEY_CI_CACHE (default /var/cache/parley-ci): the debootstrap base as a
# tarball keyed by its inputs, and the downloaded .debs, so a warm run downloads nothing.

PARLEY_CI_CACHE=${PARLEY_CI_CACHE:-/var/cache/parley-ci}
clean_root_suite=bookworm

stage_started=$SECONDS
stage() {
  echo "== [$((SECONDS - stage_started))s] $*"
}

# The first URI of an apt source for the suite itself (not -updates or -security).
host_debian_mirror() {
  local files=() f
  for f in /etc/apt/sources.list.d/*.sources; do [[ -e $f ]] && files+=("$f"); done
  if [[ ${#files[@]} -gt 0 ]]; then
    awk -v suite="$clean_root_suite" '
      /^[[:space:]]*$/ { if (uri != "" && has_suite) { print uri; exit } uri = ""; has_suite = 0; next }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) has_suite = 1 }
      END { if (uri != "" && has_suite) print uri }' "${files[@]}" | head -n 1
  fi
  if [[ -e /etc/apt/sources.list ]]; then
    awk -v suite="$clean_root_suite" '$1 == "deb" && $0 !~ /\[/ && $3 == suite { print $2; exit }
      $1 == "deb" && $2 ~ /^\[/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($(i+1) == suite) { print $i; exit } } }' \
      /etc/apt/sources.list
  fi
}

clean_root_create() {
  local root=$1 mirror key base
  mirror=$(host_debian_mirror | head -n 1)
  [[ -n $mirror ]] || { echo "no Debian $clean_root_suite source in this machine's apt configuration" >&2; return 1; }
  key=$(printf '%s\n' "$mirror" "$clean_root_suite" minbase "$(debootstrap --version 2>/dev/null)" "base-v1" |
        sha256sum | cut -c1-16)
  base=$PARLEY_CI_CACHE/debootstrap-$clean_root_suite-$key.tar
  mkdir -p "$PARLEY_CI_CACHE/apt-archives/partial"
  if [[ ! -s $base ]]; then
    stage "debootstrap $clean_root_suite from $mirror (cold cache)"
    local build
    build=$(mktemp -d "$PARLEY_CI_CACHE/debootstrap.XXXXXX")
    debootstrap --variant=minbase "$clean_root_suite" "$build" "$mirror" >"$build.log" 2>&1 ||
      { tail -n 20 "$build.log" >&2; rm -rf "$build" "$build.log"; return 1; }
    # Packages unpack without fsync: the root is thrown away after the test.
    echo force-unsafe-io >"$build/etc/dpkg/dpkg.cfg.d/parley-ci-unsafe-io"
    # Keep what apt downloads: the archive cache is shared between runs (bind-mounted).
    echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' >"$build/etc/apt/apt.conf.d/parley-ci-keep-debs"
    rm -rf "$build/var/cache/apt/archives"/*.deb "$build/var/lib/apt/lists"/*_Packages
    tar -C "$build" --numeric-owner -cf "$base.partial" . && mv "$base.partial" "$base"
    rm -rf "$build" "$build.log"
  fi
  stage "extract the clean root ($(du -h "$base" | cut -f1) base)"
  mkdir -p "$root"
  tar -C "$root" --numeric-owner -xf "$base"
  # The archive cache is the host's directory, which apt's unprivileged _apt user cannot write.
  echo 'APT::Sandbox::User "root";' >"$root/etc/apt/apt.conf.d/parley-ci-sandbox"
  # The same archive sources as this machine (the release, its updates and security), so the
  # libraries the packages were built against are there.
  rm -f "$root/etc/apt/sources.list"
  [[ -e /etc/apt/sources.list ]] && cp /etc/apt/sources.list "$root/etc/apt/sources.list.d/host.list"
  local f
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [[ -e $f ]] && cp "$f" "$root/etc/apt/sources.list.d/host-$(basename "$f")"
  done
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
}

in_root() {
  local root=$1; shift
  unshare --mount --propagation private -- /bin/sh -c '
    root=$1; shift
    set -e
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --rbind /sys "$root/sys"
    mount --bind "'"$PARLEY_CI_CACHE"'/apt-archives" "$root/var/cache/apt/archives"
    if [ -d /tmp/.X11-unix ]; then
      mkdir -p "$root/tmp/.X11-unix"
      mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"
    fi
    exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
      DEBIAN_FRONTEND=noninteractive ${DISPLAY:+DISPLAY=$DISPLAY} "$@"
  ' in_root "$root" "$@"
}

# Removes a root made by clean_root_create, refusing if anything is still mounted inside it.
clean_root_remove() {
  local root=$1
  [[ -n $root && -d $root ]] || return 0
  if grep -q " $root/" /proc/self/mounts; then
    echo "something is still mounted under $root; not removing it" >&2
    return 1
  fi
  rm -rf "$root"
}
