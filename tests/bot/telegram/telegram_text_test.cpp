#include "bot/telegram/telegram_text.hpp"

#include <gtest/gtest.h>

namespace dq::telegram {
namespace {

// Every opening tag of `html` is closed, in order.
bool balanced(const std::string& html) {
  std::vector<std::string> stack;
  for (std::size_t pos = html.find('<'); pos != std::string::npos; pos = html.find('<', pos + 1)) {
    const std::size_t end = html.find('>', pos);
    std::string tag = html.substr(pos + 1, end - pos - 1);
    if (tag[0] == '/') {
      if (stack.empty() || stack.back() != tag.substr(1)) return false;
      stack.pop_back();
    } else {
      stack.push_back(tag.substr(0, tag.find(' ')));
    }
  }
  return stack.empty();
}

TEST(TelegramText, EscapesWhatCouldOpenATagOrAnEntity) {
  EXPECT_EQ(escape_html("<b>5 & 6</b> \"x\""), "&lt;b&gt;5 &amp; 6&lt;/b&gt; &quot;x&quot;");
  EXPECT_EQ(escape_html("plain"), "plain");
}

TEST(TelegramText, CountsVisibleUtf16UnitsNotTagsOrEntityBytes) {
  EXPECT_EQ(visible_length("<b>hi</b>"), 2u);
  EXPECT_EQ(visible_length("a &amp; b"), 5u);
  EXPECT_EQ(visible_length("€"), 1u);  // one BMP code point
  EXPECT_EQ(visible_length("😀"), 2u);  // a surrogate pair in UTF-16
  EXPECT_EQ(visible_length("<a href=\"x\">link</a>"), 4u);
}

TEST(TelegramText, AShortMessageIsOneChunk) {
  EXPECT_EQ(split_html_message("hello\nworld"), std::vector<std::string>{"hello\nworld"});
  EXPECT_TRUE(split_html_message("").empty());
}

TEST(TelegramText, SplitsOnLineBoundariesUnderTheLimitWithBalancedTags) {
  std::string html = "<b>waterfall</b>\n<pre>";
  for (int i = 0; i < 2000; ++i) html += "step " + std::to_string(i) + " &amp; 12 ms 😀\n";
  html += "</pre>\ndone";
  auto chunks = split_html_message(html);
  ASSERT_GT(chunks.size(), 1u);
  std::size_t total = 0;
  for (const auto& c : chunks) {
    EXPECT_LE(visible_length(c), kMessageLimit);
    EXPECT_TRUE(balanced(c)) << c.substr(0, 200);
    total += visible_length(c);
  }
  EXPECT_EQ(total, visible_length(html)) << "nothing is lost or duplicated";
  EXPECT_EQ(chunks[1].rfind("<pre>", 0), 0u) << "the open <pre> is re-opened in the next chunk";
  EXPECT_NE(chunks.back().find("done"), std::string::npos);
}

TEST(TelegramText, ALineLongerThanAMessageIsCutBetweenCharactersNeverInsideOne) {
  std::string line;
  for (int i = 0; i < 50; ++i) line += "😀a&lt;";
  auto chunks = split_html_message("<i>" + line + "</i>", 7);
  for (const auto& c : chunks) {
    EXPECT_LE(visible_length(c), 7u) << c;
    EXPECT_TRUE(balanced(c)) << c;
    EXPECT_EQ(c.find("&l<"), std::string::npos);
  }
  std::size_t total = 0;
  for (const auto& c : chunks) total += visible_length(c);
  EXPECT_EQ(total, 50u * 4);
}

}  // namespace
}  // namespace dq::telegram
