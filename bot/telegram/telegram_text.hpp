#pragma once
// Text for Telegram's parse_mode=HTML (protocols.md §1.6, §1.7), as pure functions: escaping user and LLM
// text, measuring what Telegram counts against its 4096 limit, and splitting long messages safely.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dq::telegram {

inline constexpr std::size_t kMessageLimit = 4096;

// `&`, `<`, `>` (and `"`, for attribute values) as entities: text that can never open a tag.
std::string escape_html(std::string_view text);

// The visible length in UTF-16 code units (stricter than Telegram's code-point count, so always safe):
// tags are not counted, an entity (&amp; &#39; …) counts as the one character it stands for.
std::size_t visible_length(std::string_view html);

// Splits `html` into messages of at most `limit` visible UTF-16 units each: on line boundaries where
// possible, never inside a tag, an entity or a surrogate pair. Tags open at a split are closed at the end of
// the chunk and re-opened at the start of the next, so every chunk is valid HTML on its own.
std::vector<std::string> split_html_message(std::string_view html, std::size_t limit = kMessageLimit);

// What a reader sees: tags removed, the five named entities (&amp; &lt; &gt; &quot; &#39;) and decimal
// numeric ones decoded. For the console and for documents.
std::string html_to_plain(std::string_view html);

// Valid UTF-8 with control characters other than newline and tab removed; invalid bytes become U+FFFD.
// For user text before it is shown, stored or sent to a model.
std::string clean_user_text(std::string_view text);

}  // namespace dq::telegram
