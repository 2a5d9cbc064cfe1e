#include "bot/scenario/yaml_prescan.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <exception>
#include <spanstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "bot/scenario/scenario_errors.hpp"

namespace dq::scenario::detail {
namespace {

// Thrown from inside the event handler to stop yaml-cpp at the first problem; caught in prescan_yaml.
struct StopScan {
  core::Error error;
};

class LimitsChecker final : public YAML::EventHandler {
 public:
  explicit LimitsChecker(const SourceText& source) : source_(source) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) {
      stop(errc::syntax, mark,
           "a " + source_.kind() + " file holds exactly one YAML document; remove this second one ('---')");
    }
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { leaf(anchor); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, const std::string&) override {
    leaf(anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto done = anchor_sizes_.find(anchor);
    if (done == anchor_sizes_.end()) {
      stop(errc::alias_bomb, mark,
           "alias '*" + name_of(anchor) +
               "' is inside the node its anchor names (a cycle); aliases must refer to a "
               "node that is already complete");
    }
    expanded_ += done->second;
    if (expanded_ > kMaxAliasExpansion) {
      stop(errc::alias_bomb, mark,
           "aliases expand to more than " + std::to_string(kMaxAliasExpansion) + " nodes (at alias '*" +
               name_of(anchor) + "'); write the values out or use fewer, smaller anchors");
    }
    add_to_parent(done->second);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

  void OnAnchor(const YAML::Mark&, const std::string& anchor_name) override { pending_name_ = anchor_name; }

 private:
  struct Frame {
    YAML::anchor_t anchor;
    long nodes;  // this collection and everything in it, aliases expanded
  };

  [[noreturn]] void stop(core::ErrorCode code, const YAML::Mark& mark, std::string message) {
    throw StopScan{core::Error{code, source_.at(mark.line, mark.column).to_string(), std::move(message)}};
  }

  void name_anchor(YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) anchor_names_[anchor] = pending_name_;
    pending_name_.clear();
  }
  std::string name_of(YAML::anchor_t anchor) const {
    auto it = anchor_names_.find(anchor);
    return it == anchor_names_.end() ? "?" : it->second;
  }

  void leaf(YAML::anchor_t anchor) {
    name_anchor(anchor);
    if (anchor != YAML::NullAnchor) anchor_sizes_[anchor] = 1;
    add_to_parent(1);
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    name_anchor(anchor);
    if (static_cast<int>(stack_.size()) >= kMaxDepth) {
      stop(errc::too_deep, mark,
           "collections are nested more than " + std::to_string(kMaxDepth) + " levels deep here");
    }
    stack_.push_back({anchor, 1});
  }
  void close() {
    const Frame frame = stack_.back();
    stack_.pop_back();
    if (frame.anchor != YAML::NullAnchor) anchor_sizes_[frame.anchor] = frame.nodes;
    add_to_parent(frame.nodes);
  }
  // Sizes stay small: any alias use that would make them large stops the scan first (expanded_ bound).
  void add_to_parent(long nodes) {
    if (!stack_.empty()) stack_.back().nodes += nodes;
  }

  const SourceText& source_;
  int documents_ = 0;
  long expanded_ = 0;
  std::vector<Frame> stack_;
  std::unordered_map<YAML::anchor_t, long> anchor_sizes_;  // only complete nodes
  std::unordered_map<YAML::anchor_t, std::string> anchor_names_;
  std::string pending_name_;
};

}  // namespace

std::optional<core::Error> prescan_yaml(const SourceText& source) {
  std::ispanstream in(std::span<const char>(source.text().data(), source.text().size()));
  LimitsChecker checker(source);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(checker)) {
    }
  } catch (const StopScan& stop) {
    return stop.error;
  } catch (const YAML::Exception& e) {
    // YAML::DeepRecursion is a ParserException too; our depth limit is far lower, so it is only a fallback.
    return core::Error{errc::syntax, source.at(e.mark.line, e.mark.column).to_string(),
                       "YAML syntax error: " + e.msg};
  } catch (const std::exception& e) {
    return core::Error{errc::syntax, source.at(0, 0).to_string(),
                       std::string("the YAML parser failed: ") + e.what()};
  }
  return std::nullopt;
}

}  // namespace dq::scenario::detail
