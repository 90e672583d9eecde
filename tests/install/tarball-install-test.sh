#!/usr/bin/env bash
# The per-user tarball: install.sh into a fresh HOME puts the version under the install root
# with `current` pointing at it, a desktop entry, the icon and ~/.local/bin links; the linked
# parley-cli runs from there; uninstall.sh leaves nothing of ours. Then the same with
# PARLEY_INSTALL_ROOT. Usage: tarball-install-test.sh BUILD VERSION
set -euo pipefail
build=$1 version=$2
tgz=$build/packages/parley-${version}-linux-x86_64.tar.gz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

run_case() {
  local home=$1 root=$2 keep=${3:-}
  mkdir -p "$home" "$work/unpack"
  tar -C "$work/unpack" -xzf "$tgz"
  env -i PATH=/usr/bin:/bin HOME="$home" ${PARLEY_INSTALL_ROOT:+PARLEY_INSTALL_ROOT=$PARLEY_INSTALL_ROOT} \
    "$work/unpack/parley-$version/install.sh" >"$work/install.log" || { cat "$work/install.log" >&2; fail "install.sh"; }
  # The unpacked copy is gone: what runs now is the installed one.
  rm -rf "$work/unpack"

  [[ -d $root/versions/$version ]] || fail "no $root/versions/$version"
  [[ $(readlink "$root/current") == "versions/$version" ]] || fail "current is not versions/$version"
  local out
  out=$(env -i PATH=/usr/bin:/bin HOME="$home" PARLEY_HOME="$work/profile" "$home/.local/bin/parley-cli" --version) ||
    fail "parley-cli from ~/.local/bin does not run"
  [[ $out == *"$version"* ]] || fail "installed parley-cli says '$out', not $version"
  [[ -L $home/.local/bin/parley ]] || fail "no ~/.local/bin/parley"
  local desktop=$home/.local/share/applications/io.parley.Parley.desktop
  [[ -f $desktop ]] || fail "no desktop entry for the user"
  grep -qx "Exec=$root/current/bin/parley" "$desktop" || fail "desktop entry does not run the current version"
  desktop-file-validate "$desktop" || fail "the user's desktop entry does not validate"
  [[ -f $home/.local/share/icons/hicolor/48x48/apps/io.parley.Parley.png ]] || fail "no 48x48 icon for the user"
  [[ -f $home/.local/share/icons/hicolor/scalable/apps/io.parley.Parley.svg ]] || fail "no scalable icon for the user"

  env -i PATH=/usr/bin:/bin HOME="$home" ${PARLEY_INSTALL_ROOT:+PARLEY_INSTALL_ROOT=$PARLEY_INSTALL_ROOT} \
    "$root/current/uninstall.sh" >"$work/uninstall.log" || { cat "$work/uninstall.log" >&2; fail "uninstall.sh"; }
  local left
  if [[ -n $keep ]]; then
    [[ $(cat "$keep") == "the user's history" ]] || fail "uninstall.sh touched $keep"
    [[ $(ls -A "$root") == "$(basename "$keep")" ]] || fail "uninstall.sh left in $root: $(ls -A "$root")"
    rm -r "$root"
  fi
  [[ ! -e $root ]] || fail "$root is still there: $(ls -A "$root")"
  left=$(find "$home" \( -type f -o -type l \) | grep -Ei 'parley' || true)
  [[ -z $left ]] || fail "uninstall.sh left: $left"
}

unset PARLEY_INSTALL_ROOT
run_case "$work/home" "$work/home/.local/share/parley"
# The default install root is also the history's directory (XDG data): the history stays.
mkdir -p "$work/home3/.local/share/parley"
echo "the user's history" >"$work/home3/.local/share/parley/history.db"
run_case "$work/home3" "$work/home3/.local/share/parley" "$work/home3/.local/share/parley/history.db"
PARLEY_INSTALL_ROOT=$work/elsewhere/parley run_case "$work/home2" "$work/elsewhere/parley"
echo "tarball installs, runs and uninstalls cleanly"
