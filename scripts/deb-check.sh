#!/bin/sh
# Installs the packages from target/debian/ into a throwaway root with
# dpkg -x and runs what they installed: `yibao-guide route`, `check`, the
# manual page through `man -l`, and the kiosk settings through the binary.
# Exit 0 when all is well; exit 77 (skipped) when dpkg-deb or man is missing.
set -eu
cd "$(dirname "$0")/.."

for tool in dpkg-deb man; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "skipped: $tool is not installed (apt-get install dpkg man-db)"
        exit 77
    fi
done

main=$(ls target/debian/yibao-guide_*.deb 2>/dev/null | tail -n 1)
kiosk=$(ls target/debian/yibao-guide-kiosk_*.deb 2>/dev/null | tail -n 1)
if [ -z "$main" ] || [ -z "$kiosk" ]; then
    echo "no packages in target/debian/: run scripts/deb.sh first" >&2
    exit 1
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/yibao-deb-root.XXXXXX")
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$main" "$root"
dpkg-deb -x "$kiosk" "$root"

fail() { echo "FAIL: $*" >&2; exit 1; }
bin="$root/usr/bin/yibao-guide"
[ -x "$bin" ] || fail "no usr/bin/yibao-guide in $main"

out=$("$bin" route insurance=employee scope=cross-province channel=online reason=job --lang en)
echo "$out" | grep -q "Employee insurance to another province" || fail "route printed: $out"
"$bin" check >/dev/null || fail "check of the built-in content"

page="$root/usr/share/man/man1/yibao-guide.1.gz"
[ -f "$page" ] || fail "no manual page $page"
MANWIDTH=80 man -l "$page" 2>/dev/null | grep -q "route" || fail "man -l $page shows no route command"
MANWIDTH=80 man -l "$root/usr/share/man/man1/yibao-guide-route.1.gz" 2>/dev/null \
    | grep -q -- "--format" || fail "man page of route lacks --format"

for f in usr/share/bash-completion/completions/yibao-guide \
         usr/share/zsh/vendor-completions/_yibao-guide \
         usr/share/fish/vendor_completions.d/yibao-guide.fish \
         usr/share/doc/yibao-guide/README.md \
         usr/lib/systemd/system/yibao-guide-kiosk.service \
         etc/yibao-guide/kiosk.toml etc/yibao-guide/foot.ini; do
    [ -f "$root/$f" ] || fail "missing $f"
done

# The settings file as packaged loads (the kiosk refuses to start without
# a terminal only after reading it; the wizard would talk in plain lines).
err=$("$bin" --kiosk --config "$root/etc/yibao-guide/kiosk.toml" </dev/null 2>&1 >/dev/null || true)
echo "$err" | grep -q "needs a terminal" || fail "kiosk.toml as packaged: $err"

dpkg-deb -f "$kiosk" Depends | grep -q "yibao-guide (= " || fail "kiosk does not depend on yibao-guide"
dpkg-deb --ctrl-tarfile "$kiosk" | tar -tf - | grep -q conffiles || fail "kiosk package has no conffiles"

echo "ok: both packages install into a throwaway root and work"
