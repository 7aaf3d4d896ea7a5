#!/bin/sh
# Builds the two Debian packages into target/debian/:
#   yibao-guide_<version>-1_<arch>.deb        the program, manual pages, completions
#   yibao-guide-kiosk_<version>-1_<arch>.deb  the kiosk unit and settings
# Installs cargo-deb first when it is missing (cargo install, a few minutes).
# Then check them with scripts/deb-check.sh.
set -eu
cd "$(dirname "$0")/.."

if ! cargo deb --version >/dev/null 2>&1; then
    echo "cargo-deb is missing: installing it with cargo install cargo-deb --locked"
    cargo install cargo-deb --locked
fi

cargo build --release --locked
# The manual pages and completions come from the binary being packaged, so
# they say exactly what its --help says.
rm -rf target/generated
target/release/yibao-guide generate man target/generated/man >/dev/null
target/release/yibao-guide generate completions target/generated/completions >/dev/null

cargo deb --no-build --locked
cargo deb --no-build --locked --variant kiosk
ls -l target/debian/*.deb
