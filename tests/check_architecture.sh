#!/usr/bin/env bash
# ARCHITECTURE.md's "Who may depend on whom" table must name, for every library under bot/ and cli/, exactly
# the dq_* libraries its target_link_libraries names (PUBLIC and PRIVATE; dq_settings aside). Non-dq entries
# of the table (Boost headers, libcurl, ...) are prose and not checked. Exits 1 and prints a diff on drift.
# Usage: check_architecture.sh [source dir]. It also checks itself: a table with one link dropped must fail.
set -euo pipefail

root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

# "library: dep dep ..." (sorted) for every add_library under bot/ and cli/, from the CMake files.
cmake_links() {
  local text
  text=$(find "$root/bot" "$root/cli" -name CMakeLists.txt -print0 | sort -z | xargs -0 cat | sed 's/#.*//' |
         tr '\n\t' '  ')
  local lib
  for lib in $(grep -o 'add_library( *dq_[A-Za-z0-9_]*' <<<"$text" | sed 's/add_library( *//' | sort -u); do
    local deps
    deps=$(grep -o "target_link_libraries( *$lib [^)]*)" <<<"$text" | tr ' ()' '\n\n\n' |
           grep '^dq_' | grep -v -x -e dq_settings -e "$lib" | sort -u | tr '\n' ' ' || true)
    echo "$lib: ${deps% }"
  done
}

# The same from the table in the given ARCHITECTURE.md: column 1 the library, column 2 its links.
table_links() {
  sed -n '/^## Who may depend on whom/,/^## /p' "$1" | grep '^| *dq_' |
    while IFS='|' read -r _ name links _; do
      name=$(tr -d ' ' <<<"$name")
      local deps
      deps=$(grep -o 'dq_[A-Za-z0-9_]*' <<<"$links" | grep -v -x -e "$name" | sort -u | tr '\n' ' ' || true)
      echo "$name: ${deps% }"
    done | sort
}

compare() {
  diff -u --label "CMake link lists (bot/, cli/)" --label "$1 (table)" <(cmake_links | sort) <(table_links "$1")
}

arch="$root/ARCHITECTURE.md"
if ! compare "$arch"; then
  echo "check_architecture: ARCHITECTURE.md's dependency table and the CMake link lists differ (above)." >&2
  exit 1
fi

# The checker must see drift: drop the first dq_ link of the first row that has one, and expect a failure.
drifted=$(mktemp)
trap 'rm -f "$drifted"' EXIT
awk '!done && /^\| *dq_/ { n = split($0, c, "|"); if (c[3] ~ /dq_/) { sub(/dq_[A-Za-z0-9_]*/, "x", c[3]);
       line = c[1]; for (i = 2; i <= n; i++) line = line "|" c[i]; print line; done = 1; next } } { print }' \
  "$arch" >"$drifted"
if compare "$drifted" >/dev/null; then
  echo "check_architecture: a table with one link dropped was not noticed; the checker is broken." >&2
  exit 1
fi
echo "check_architecture: the table matches the link lists of $(cmake_links | wc -l) libraries."
