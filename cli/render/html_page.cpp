#include "cli/render/html_page.hpp"

#include "bot/telegram/telegram_text.hpp"

namespace dq::render::html {
namespace {

// Light colours by default, dark ones when the reader's system asks for them. Charts use the same
// variables (bars by class, text in currentColor), so they follow.
constexpr const char* kStyle = R"(:root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;
--grid:#d1d9e0;--panel:#f6f8fa;--link:#0969da;--s0:#4e79a7;--s1:#f28e2b;--s2:#b03a48;--wf0:#4e79a7;
--wf1:#59a14f;--wf2:#edc948;--wf3:#b07aa1;--err:#d1242f;--pass:#dafbe1;--fail:#ffcecb;--none:#eff2f5;
--skip:#fff8c5}
@media (prefers-color-scheme: dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--grid:#3d444d;
--panel:#151b23;--link:#4493f8;--s0:#79a8d8;--s1:#ffb26b;--s2:#ff7b8a;--wf0:#79a8d8;--wf1:#8bd17c;
--wf2:#f5d76e;--wf3:#d7a6cf;--err:#ff6e6e;--pass:#1f4a2c;--fail:#67201f;--none:#21262d;--skip:#4b3c0a}}
*{box-sizing:border-box}
body{background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,sans-serif;margin:0}
main{max-width:1120px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:22px;margin:8px 0 12px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--grid)}
h3{font-size:15px;margin:16px 0 6px}a{color:var(--link)}p.note{color:var(--muted)}
dl.summary{display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));gap:8px;margin:0}
dl.summary div{background:var(--panel);border:1px solid var(--grid);border-radius:6px;padding:6px 10px}
dl.summary dt{color:var(--muted);font-size:12px}dl.summary dd{margin:0;font-size:16px;font-weight:600}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid var(--grid);padding:3px 8px;text-align:left}
th{background:var(--panel)}td.num{text-align:right;font-variant-numeric:tabular-nums}
td.pass{background:var(--pass)}td.fail{background:var(--fail)}td.none{background:var(--none)}
td.skip{background:var(--skip)}table.matrix td{text-align:center;min-width:56px}
table.matrix td.name{text-align:left}.bad{color:var(--err);font-weight:600}
svg.chart{display:block;max-width:100%;height:auto;color:var(--fg);margin:4px 0 12px}
svg text{fill:currentColor;font-size:11px}svg text.label{text-anchor:end}
svg text.tick,svg text.axis-label{text-anchor:middle}svg text.val,svg text.tick{fill:var(--muted)}
svg .axis{stroke:currentColor;stroke-width:1}svg .s0{fill:var(--s0)}svg .s1{fill:var(--s1)}
svg .s2{fill:var(--s2)}svg .wf0{fill:var(--wf0)}svg .wf1{fill:var(--wf1)}svg .wf2{fill:var(--wf2)}
svg .wf3{fill:var(--wf3)}svg .err{fill:var(--err)}
.failure{background:var(--panel);border-left:4px solid var(--err);padding:4px 12px;margin:8px 0}
.failure:target{outline:2px solid var(--link)}pre{white-space:pre-wrap;margin:2px 0 8px}
details{margin:4px 0}summary{cursor:pointer;font-weight:600})";

}  // namespace

std::string esc(std::string_view text) {
  return telegram::escape_html(text);
}

std::string page_open(std::string_view title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta name=\"color-scheme\" content=\"light dark\"><title>" +
         esc(title) + "</title>\n<style>\n" + kStyle + "\n</style></head>\n<body><main>\n<h1>" + esc(title) +
         "</h1>\n";
}

std::string page_close() {
  return "</main></body></html>\n";
}

std::string tr(const std::vector<std::string>& cells, const char* tag) {
  std::string out = "<tr>";
  for (const auto& c : cells) out += std::string("<") + tag + ">" + c + "</" + tag + ">";
  return out + "</tr>\n";
}

std::string table(const std::vector<std::string>& header, const std::string& rows, const char* cls) {
  std::vector<std::string> names;
  names.reserve(header.size());
  for (const auto& h : header) names.push_back(esc(h));
  return std::string("<table class=\"") + cls + "\"><thead>" + tr(names, "th") + "</thead><tbody>\n" + rows +
         "</tbody></table>\n";
}

std::string summary(const std::vector<std::pair<std::string, std::string>>& items) {
  std::string out = "<dl class=\"summary\">";
  for (const auto& [name, value] : items)
    out += "<div><dt>" + esc(name) + "</dt><dd>" + value + "</dd></div>";
  return out + "</dl>\n";
}

std::string section(std::string_view id, std::string_view heading, const std::string& body) {
  return "<section id=\"" + esc(id) + "\"><h2>" + esc(heading) + "</h2>\n" + body + "</section>\n";
}

}  // namespace dq::render::html
