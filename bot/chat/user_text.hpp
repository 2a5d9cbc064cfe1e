#pragma once
// Whether a negotiation message is plain text, checked before it reaches a model: bytes that are not text
// and HTML markup get a polite answer instead of a turn (the counterpart would only be confused by them,
// and they cost a call). Pure.

#include <string_view>

namespace dq::chat {

enum class TextProblem {
  none,
  not_text,  // invalid UTF-8, or a control character other than tab, newline and carriage return
  html,      // an HTML tag (<b>, </i>, <script src=…>, <br/>) or comment (<!-- … -->)
};

// A lone `<`, `>` or `&` is text ("offer < 90k", "Q&A", "<3"), and so is a bracketed word that is no HTML
// element ("<tomorrow>"): only the tags of HTML itself count, whatever their case.
TextProblem check_user_text(std::string_view text);

}  // namespace dq::chat
