#include "bot/runtime/process_owner.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string_view>

namespace dq::runtime {
namespace {

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "localhost";
  return buf;
}

struct ProcStat {
  char state = '?';
  std::string start_ticks;
};

// Fields 3 (state) and 22 (starttime) of /proc/<pid>/stat; nothing when the process does not exist. The
// command name (field 2) may hold spaces and parentheses, so fields are counted from its last ')'.
bool read_stat(const std::string& pid, ProcStat& out) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string line;
  if (!in || !std::getline(in, line)) return false;
  const auto close = line.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(line.substr(close + 1));
  std::string field;
  for (int n = 3; fields >> field; ++n) {
    if (n == 3) out.state = field.empty() ? '?' : field[0];
    if (n == 22) {
      out.start_ticks = field;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string process_identity() {
  const std::string pid = std::to_string(getpid());
  ProcStat stat;
  read_stat(pid, stat);
  return host_name() + ":" + pid + ":" + stat.start_ticks;
}

bool process_alive(const std::string& identity) {
  const auto second = identity.rfind(':');
  const auto first = second == std::string::npos ? std::string::npos : identity.rfind(':', second - 1);
  if (first == std::string::npos) return true;  // not ours to judge
  if (identity.substr(0, first) != host_name()) return true;
  const std::string pid = identity.substr(first + 1, second - first - 1);
  ProcStat stat;
  if (!read_stat(pid, stat)) return false;
  return stat.state != 'Z' && stat.state != 'X' && stat.start_ticks == identity.substr(second + 1);
}

}  // namespace dq::runtime
