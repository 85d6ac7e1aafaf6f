#!/usr/bin/env bash
# Build cost of each vendor crate (default features) beside reqwest alone.
#
# For each crate: a clean debug build (`cargo build -p <crate>`) in a fresh,
# empty CARGO_TARGET_DIR, timed, and the number of crates it depends on:
#   cargo tree -p <crate> -e normal --prefix none | sed 's/ (\*)$//' | sort -u | wc -l
# (the `sed` folds cargo tree's "(*)" repeat markers, so each crate counts once;
# the count includes the crate itself).
#
# "reqwest alone" is a throwaway crate in a temporary directory depending on
# reqwest with the features the workspace uses (default-features = false,
# http2, charset, rustls: what access-core's default `rustls` feature turns on),
# resolved with a copy of the workspace's Cargo.lock so the versions match.
#
# The crates are built from a snapshot of the committed tree (`git archive
# HEAD`), so edits in progress in the working tree cannot break or skew the
# run. Nothing in the repository or the shared target/ is touched.
#
# Usage: benchmarks/build-cost.sh [crate ...]
#   (default: easysecure-sdk iloq-sdk allthenticate-sdk ef45-sdk)
# Takes several minutes per crate on two cores: run it once, on a quiet machine.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
crates=("$@")
if [ ${#crates[@]} -eq 0 ]; then
    crates=(easysecure-sdk iloq-sdk allthenticate-sdk ef45-sdk)
fi

work="$(mktemp -d -t build-cost-XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "# build cost ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo "# commit $(git -C "$repo" rev-parse --short HEAD); $(cargo --version); $(rustc --version)"
echo "# nproc=$(nproc); $(uptime | sed 's/^ *//')"
echo

snapshot="$work/snapshot"
mkdir -p "$snapshot"
git -C "$repo" archive HEAD | tar -x -C "$snapshot"

# Fetch once up front so no timing includes a download.
(cd "$snapshot" && cargo fetch --locked >/dev/null 2>&1 || cargo fetch >/dev/null)

now() { date +%s.%N; }

measure() { # label dir cargo-args...
    local label="$1" dir="$2"
    shift 2
    local target="$work/target-$label"
    rm -rf "$target"
    local start end
    start="$(now)"
    (cd "$dir" && CARGO_TARGET_DIR="$target" cargo build --offline "$@" >"$work/$label.log" 2>&1) || {
        echo "build of $label failed:" >&2
        tail -20 "$work/$label.log" >&2
        exit 1
    }
    end="$(now)"
    rm -rf "$target"
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }'
}

count() { # dir cargo-tree-args...
    local dir="$1"
    shift
    (cd "$dir" && cargo tree --offline "$@" -e normal --prefix none) | sed 's/ (\*)$//' | sort -u | wc -l
}

printf '| %-22s | %-16s | %-10s |\n' "crate" "clean debug build" "crates"
printf '|%s|%s|%s|\n' "------------------------" "------------------" "------------"

# reqwest alone first.
alone="$work/reqwest-alone"
mkdir -p "$alone/src"
reqwest_version="$(awk '/^name = "reqwest"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$snapshot/Cargo.lock")"
cat >"$alone/Cargo.toml" <<EOF
[package]
name = "reqwest-alone"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
reqwest = { version = "=$reqwest_version", default-features = false, features = ["http2", "charset", "rustls"] }

[workspace]
EOF
echo 'fn main() { let _ = reqwest::Client::new(); }' >"$alone/src/main.rs"
cp "$snapshot/Cargo.lock" "$alone/Cargo.lock"
secs="$(measure reqwest-alone "$alone")"
printf '| %-22s | %14s s | %10s |\n' "reqwest (alone)" "$secs" "$(count "$alone")"

for crate in "${crates[@]}"; do
    secs="$(measure "$crate" "$snapshot" -p "$crate")"
    printf '| %-22s | %14s s | %10s |\n' "$crate" "$secs" "$(count "$snapshot" -p "$crate")"
done

echo
echo "# $(uptime | sed 's/^ *//')"
