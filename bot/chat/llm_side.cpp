#include "bot/chat/llm_side.hpp"

#include "bot/pipeline/dry_run_llm.hpp"
#include "bot/scenario_deal/scenario_deal.hpp"

namespace dq::chat {

llm::LlmClient& LlmSide::client(const scenario::Scenario& s) {
  auto& slot = clients_[s.id];
  if (!slot) slot = make_(s);
  return *slot;
}

LlmFactory dry_run_factory(std::int64_t latency_ms) {
  return [latency_ms](const scenario::Scenario& s) -> std::unique_ptr<llm::LlmClient> {
    pipeline::DryRunScript script = scenario::to_dry_run_script(s);
    script.counterpart_replies.clear();
    if (latency_ms >= 0) script.latency_ms = latency_ms;
    return std::make_unique<pipeline::DryRunLlmClient>(std::move(script));
  };
}

}  // namespace dq::chat
