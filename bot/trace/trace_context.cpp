#include "bot/trace/trace_context.hpp"

namespace dq::trace {
namespace {
thread_local TaskContext* t_current = nullptr;
}  // namespace

TaskContext* current_context() noexcept {
  return t_current;
}

ContextGuard::ContextGuard(TaskContext* ctx) noexcept : previous_(t_current) {
  t_current = ctx;
}

ContextGuard::~ContextGuard() {
  t_current = previous_;
}

TaskContextPtr fork_current_context() {
  TaskContext* cur = t_current;
  if (cur == nullptr) return nullptr;
  return std::make_shared<TaskContext>(*cur);
}

}  // namespace dq::trace
