#include "bot/scenario/scenario_parser.hpp"

#include <yaml-cpp/yaml.h>

#include <exception>
#include <spanstream>

#include "bot/scenario/node_reader.hpp"
#include "bot/scenario/scenario_builder.hpp"
#include "bot/scenario/scenario_errors.hpp"
#include "bot/scenario/source_text.hpp"
#include "bot/scenario/yaml_prescan.hpp"

namespace dq::scenario {

std::expected<Scenario, std::vector<core::Error>> parse_scenario(std::string_view text,
                                                                 const std::string& file) {
  const detail::SourceText source(text, file);
  if (auto bad = source.check_is_text()) return std::unexpected(std::vector{*bad});
  if (auto bad = detail::prescan_yaml(source)) return std::unexpected(std::vector{*bad});

  const std::string first_line = source.at(0, 0).to_string();
  try {
    std::ispanstream in(std::span<const char>(source.text().data(), source.text().size()));
    const YAML::Node root = YAML::Load(in);
    if (!root.IsDefined() || root.IsNull()) {
      return std::unexpected(
          std::vector{core::Error{errc::type, first_line,
                                  "expected a mapping of scenario keys (id, title, persona, facts, agents, "
                                  "turns), got an empty document"}});
    }
    detail::NodeReader reader(source);
    Scenario scenario = detail::build_scenario(reader, detail::Field{root, "", std::nullopt});
    if (reader.has_errors()) return std::unexpected(reader.take_errors());
    return scenario;
  } catch (const YAML::Exception& e) {
    return std::unexpected(std::vector{core::Error{
        errc::syntax, source.at(e.mark.line, e.mark.column).to_string(), "YAML syntax error: " + e.msg}});
  } catch (const std::exception& e) {
    // Not expected after a clean pre-scan; kept so that no third-party exception escapes the parser.
    return std::unexpected(std::vector{
        core::Error{errc::syntax, first_line, std::string("could not read the YAML: ") + e.what()}});
  }
}

}  // namespace dq::scenario
