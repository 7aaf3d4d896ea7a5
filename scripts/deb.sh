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

# The packaged program is linked statically, the C library included: it
# starts in about two thirds of the time (README, "Speed"). Static linking
# needs an explicit --target, or cargo would link the proc-macros statically
# too, which cannot be; the binary is then in target/<host>/release/.
host=$(rustc -vV | sed -n 's/^host: //p')
RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" \
    cargo build --release --locked --target "$host"
bin="target/$host/release/yibao-guide"
# The manual pages and completions come from the binary being packaged, so
# they say exactly what its --help says.
rm -rf target/generated
"$bin" generate man target/generated/man >/dev/null
"$bin" generate completions target/generated/completions >/dev/null

# Given --target, cargo deb takes the binary from target/<host>/release/.
mkdir -p target/debian
cargo deb --no-build --locked --target "$host" --output target/debian
cargo deb --no-build --locked --target "$host" --variant kiosk --output target/debian
ls -l target/debian/*.deb
