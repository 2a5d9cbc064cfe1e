#!/usr/bin/env bash
# Issue 11: the shipped recordings can be made again. Runs scripts/record-cassettes with the built binaries
# (DQ_BIN_DIR: nothing is installed or built) into a temp dir and requires every cassette to be byte for byte
# the one in recordings/, with none missing and none extra.
#   record_cassettes_test.sh SOURCE_DIR BIN_DIR
set -euo pipefail
root=$1
bin=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

DQ_BIN_DIR=$bin "$root/scripts/record-cassettes" "$tmp/recordings" >"$tmp/record.log" 2>&1 || {
  cat "$tmp/record.log"
  echo "FAIL: scripts/record-cassettes failed (above)"
  exit 1
}
if ! diff -r --exclude=README.md --exclude=authored-responses.json "$root/recordings" "$tmp/recordings" \
  >"$tmp/diff"; then
  head -n 80 "$tmp/diff"
  echo "FAIL: scripts/record-cassettes does not reproduce recordings/ byte for byte ($(wc -l <"$tmp/diff") diff lines;"
  echo "      first 80 above). If the change is meant (a scenario, a prompt or authored-responses.json changed),"
  echo "      run scripts/record-cassettes and commit recordings/; otherwise something made recording depend on"
  echo "      time or on scheduling."
  exit 1
fi
echo "recordings/ reproduced byte for byte: $(ls "$tmp/recordings" | wc -l) cassettes"
