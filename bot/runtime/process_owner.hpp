#pragma once
// Who writes a run row: "host:pid:start-ticks" of this process. The start time (from /proc/<pid>/stat)
// tells a live process from a later one that reused its pid, so a run whose process died is recognised at
// the next start and marked abandoned (SqliteStore::mark_abandoned_runs).

#include <string>

namespace dq::runtime {

std::string process_identity();
// False when the process is gone, is a zombie, or its pid now belongs to a later process. A run owned on
// another host is taken to be alive: this machine cannot tell.
bool process_alive(const std::string& identity);

}  // namespace dq::runtime
