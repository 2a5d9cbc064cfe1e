#pragma once
// The step taxonomy: every step of every pipeline, its trace name (<= 20 characters, stable: reports and
// stored traces use it) and the progress text the bot shows while it runs. Defined once, here; traces, the
// report's step order and the bot's progress message all read this table.

#include <array>
#include <span>
#include <string_view>

namespace dq::pipeline {

enum class Step {
  turn,  // root span of a negotiation turn
  context_load,
  llm_trainee,  // harness only: the simulated trainee's next message
  llm_counterpart,
  check_faithful,
  db_save,
  reply,
  debrief,  // root span of a debrief
  llm_coach,
  coach_parse,
  judge,      // harness only: root span of an LLM-judge check
  llm_judge,  // one judge sample
};

struct StepInfo {
  Step step;
  std::string_view name;      // trace name
  std::string_view progress;  // what the user sees while the step runs
};

inline constexpr std::array<StepInfo, 12> kSteps{{
    {Step::turn, "pipeline.turn", "Working on your message…"},
    {Step::context_load, "ctx.load", "Reading the deal file…"},
    {Step::llm_trainee, "llm.trainee", "The trainee is thinking…"},
    {Step::llm_counterpart, "llm.counterpart", "Thinking about your offer…"},
    {Step::check_faithful, "check.faithful", "Double-checking the numbers…"},
    {Step::db_save, "db.save", "Saving the conversation…"},
    {Step::reply, "tg.reply", "Writing the reply…"},
    {Step::debrief, "pipeline.debrief", "Preparing your debrief…"},
    {Step::llm_coach, "llm.coach", "The coach is reviewing your negotiation…"},
    {Step::coach_parse, "coach.parse", "Scoring your negotiation…"},
    {Step::judge, "pipeline.judge", "Judging…"},
    {Step::llm_judge, "llm.judge", "Judging…"},
}};

inline constexpr std::size_t kMaxStepNameLength = 20;

constexpr const StepInfo& step_info(Step s) {
  return kSteps[static_cast<std::size_t>(s)];
}
constexpr std::string_view step_name(Step s) {
  return step_info(s).name;
}
constexpr std::string_view step_progress(Step s) {
  return step_info(s).progress;
}

// The steps of each pipeline, root first, in the order they run (a simulated turn adds llm.trainee after
// ctx.load, once or, when its answer does not parse, twice).
inline constexpr std::array<Step, 6> kTurnSteps{
    Step::turn, Step::context_load, Step::llm_counterpart, Step::check_faithful, Step::db_save, Step::reply};
inline constexpr std::array<Step, 5> kDebriefSteps{Step::debrief, Step::context_load, Step::llm_coach,
                                                   Step::coach_parse, Step::db_save};

// Every step name in table order (the report lists steps in this order).
std::span<const std::string_view> all_step_names();

// Checked at compile time: the table is in enum order and every name fits the limit.
consteval bool step_table_is_well_formed() {
  for (std::size_t i = 0; i < kSteps.size(); ++i) {
    if (static_cast<std::size_t>(kSteps[i].step) != i) return false;
    if (kSteps[i].name.empty() || kSteps[i].name.size() > kMaxStepNameLength) return false;
  }
  return true;
}
static_assert(step_table_is_well_formed());

}  // namespace dq::pipeline
