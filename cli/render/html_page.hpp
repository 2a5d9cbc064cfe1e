#pragma once
// The frame both HTML reports share: one self-contained HTML5 document whose only style is the inline
// stylesheet (CSS variables, with a prefers-color-scheme: dark set), no script and no external resource.

#include <string>
#include <string_view>
#include <vector>

namespace dq::render::html {

// <!DOCTYPE html> … <body><main>, with `title` (escaped) as the page title and first heading.
std::string page_open(std::string_view title);
std::string page_close();

// Text as HTML (escaped).
std::string esc(std::string_view text);
// A table row of cells already in HTML; `tag` is "td" or "th".
std::string tr(const std::vector<std::string>& cells, const char* tag = "td");
// A table with a header row (names escaped) and rows already made with tr().
std::string table(const std::vector<std::string>& header, const std::string& rows, const char* cls = "data");
// A summary as a definition list: pairs of name (escaped) and value (HTML).
std::string summary(const std::vector<std::pair<std::string, std::string>>& items);
// <section id=…><h2>…</h2> … </section>
std::string section(std::string_view id, std::string_view heading, const std::string& body);

}  // namespace dq::render::html
