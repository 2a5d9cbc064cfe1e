#include "bot/chat/user_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dq::chat {
namespace {

TEST(UserText, PlainTextInAnyLanguageIsFine) {
  for (std::string ok : std::vector<std::string>{
           "I can offer 80k", "Ich biete 80.000 € — final?", "80k < 90k & Q&A", "<3 thanks", "a<b",
           "see you <tomorrow>", "line one\nline two\ttabbed\r\n", "😀 deal", "x > y", "<>", "</>", "<9k"})
    EXPECT_EQ(check_user_text(ok), TextProblem::none) << ok;
}

TEST(UserText, HtmlTagsAndCommentsAreMarkup) {
  for (std::string html :
       std::vector<std::string>{"<b>80k</b>", "80k </b>", "<SCRIPT>alert(1)</SCRIPT>",
                                "<a href=\"https://x\">me</a>", "<br/>", "<img src=x onerror=alert(1)>",
                                "hi <!-- hidden -->", "<tg-spoiler>x</tg-spoiler>", "<p class='x'>"})
    EXPECT_EQ(check_user_text(html), TextProblem::html) << html;
}

TEST(UserText, InvalidUtf8AndControlBytesAreNotText) {
  for (std::string bad : std::vector<std::string>{
           std::string("\xff\xfe offer", 8), std::string("abc\0def", 7), "\x01\x02 80k", "esc \x1b[D",
           "\xc3\x28", "\xed\xa0\x80 surrogate", "\xe2\x82", "\xc2\x85 C1"})
    EXPECT_EQ(check_user_text(bad), TextProblem::not_text) << bad;
  EXPECT_EQ(check_user_text(std::string("<b>\xff</b>", 8)), TextProblem::not_text)
      << "bytes are checked first";
}

}  // namespace
}  // namespace dq::chat
