#!/usr/bin/env bash
# README.md says once how to put the programs on PATH (`cmake --install build --prefix ~/.local`) and then
# writes them bare: the install must give working programs, and README must not go back to build/bin/ paths
# for them. Usage: check_install.sh SOURCE_DIR BUILD_DIR.
set -euo pipefail
src=$1 build=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
for program in dealquest-test dealquest-bot dealquest-fake-llm; do
  [ -x "$prefix/bin/$program" ] || { echo "cmake --install did not install $program into $prefix/bin"; exit 1; }
done
"$prefix/bin/dealquest-test" --version
(cd "$prefix" && PATH="$prefix/bin:$PATH" dealquest-test validate "$src/scenarios" >/dev/null)
if grep -n 'build/bin/dealquest-\(test\|bot\|fake-llm\)' "$src/README.md"; then
  echo "README.md writes the programs bare after saying how to put them on PATH; use one form (lines above)"
  exit 1
fi
echo "install: dealquest-test, dealquest-bot and dealquest-fake-llm run from $prefix/bin; README uses the bare names"
