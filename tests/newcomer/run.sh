#!/usr/bin/env bash
# Packages the published crates, unpacks them and runs the newcomer crate's
# doctests (docs/getting-started.md) against them. Called by .ci/run after
# `cargo package`; also runnable by hand from the repository root.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
unpacked="$target/newcomer-packages"
rm -rf "$unpacked"
mkdir -p "$unpacked"
patches=()
for crate in access-core easysecure-sdk iloq-sdk allthenticate-sdk ef45-sdk; do
    file=$(ls "$target"/package/"$crate"-[0-9]*.crate | sort -V | tail -1)
    tar xzf "$file" -C "$unpacked"
    dir=$(basename "$file" .crate)
    patches+=(--config "patch.crates-io.$crate.path='$unpacked/$dir'")
done
cd "$root/tests/newcomer"
# The workspace's lockfile as the starting point: the same versions the workspace
# was tested with, and no index lookup for them.
cp "$root/Cargo.lock" Cargo.lock
CARGO_TARGET_DIR="$target/newcomer" cargo test --doc "${patches[@]}"
