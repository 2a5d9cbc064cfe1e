// split_html_message against an independent judge: the fake Telegram server's HTML check (the tags and
// entities Telegram accepts, 4096 code points of visible text). Random documents — escaped text with
// Cyrillic, emoji, '<' and '&', tags that span lines, very long lines — are split, and every part must be
// accepted on its own while the visible text survives. Fixed seeds: a failure reproduces.
#include <gtest/gtest.h>

#include <random>

#include "bot/telegram/bot_api.hpp"
#include "bot/telegram/telegram_text.hpp"
#include "tests/support/fake_telegram_api.hpp"

namespace dq::telegram {
namespace {

std::string strip_newlines(std::string s) {
  std::erase(s, '\n');
  return s;
}

std::string random_text(std::mt19937& rng, int max_chars) {
  static const std::vector<std::string> kPieces{"a", "Z",  " ", "7", "$", "<",  ">",
                                                "&", "\"", "ж", "€", "😀", "你", "\t"};
  std::string out;
  const int n = std::uniform_int_distribution<int>(0, max_chars)(rng);
  for (int i = 0; i < n; ++i) out += kPieces[rng() % kPieces.size()];
  return out;
}

std::string random_document(std::mt19937& rng) {
  static const std::vector<std::string> kTags{"b", "i", "u", "s", "code", "pre"};
  std::string html;
  std::vector<std::string> open;
  const int lines = std::uniform_int_distribution<int>(1, 400)(rng);
  for (int l = 0; l < lines; ++l) {
    const int pieces = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int p = 0; p < pieces; ++p) {
      if (rng() % 4 == 0 && open.size() < 3) {
        open.push_back(kTags[rng() % kTags.size()]);
        html += "<" + open.back() + ">";
      }
      const bool long_line = rng() % 40 == 0;
      html += escape_html(random_text(rng, long_line ? 6000 : 60));
      if (!open.empty() && rng() % 3 == 0) {
        html += "</" + open.back() + ">";
        open.pop_back();
      }
    }
    html += "\n";
  }
  while (!open.empty()) {
    html += "</" + open.back() + ">";
    open.pop_back();
  }
  return html;
}

TEST(SplitProperty, EveryPartIsValidHtmlUnderTheLimitAndNothingIsLost) {
  for (unsigned seed = 1; seed <= 150; ++seed) {
    std::mt19937 rng(seed);
    const std::string html = random_document(rng);
    std::string whole;
    ASSERT_EQ(testing::check_html(html, &whole), "") << "seed " << seed << ": the generator made bad HTML";
    const auto parts = split_html_message(html);
    ASSERT_FALSE(parts.empty()) << "seed " << seed;
    std::string joined;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      std::string visible;
      ASSERT_EQ(testing::check_html(parts[i], &visible), "")
          << "seed " << seed << " part " << i << ": " << parts[i].substr(0, 200);
      ASSERT_LE(testing::code_points(visible), kMessageLimit) << "seed " << seed << " part " << i;
      ASSERT_LE(visible_length(parts[i]), kMessageLimit) << "seed " << seed << " part " << i;
      joined += visible;
    }
    EXPECT_EQ(strip_newlines(joined), strip_newlines(whole)) << "seed " << seed << ": text lost or changed";
  }
}

TEST(SplitProperty, HostileBytesNeverCrashTheParsersAndCleaningIsStable) {
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string bytes(std::uniform_int_distribution<int>(0, 300)(rng), '\0');
    for (auto& c : bytes) c = static_cast<char>(rng() & 0xff);
    const std::string clean = clean_user_text(bytes);
    EXPECT_EQ(clean_user_text(clean), clean) << "cleaning twice changes nothing";
    std::string visible;
    EXPECT_EQ(testing::check_html(escape_html(clean), &visible), "")
        << "escaped user text is always valid HTML";
    EXPECT_EQ(visible, clean);
    http::Response r;
    r.status = 200;
    r.body = bytes;
    (void)parse_updates(r);
    r.body = R"({"ok":true,"result":[{"update_id":1,"message":)" + bytes + "}]}";
    (void)parse_updates(r);
    (void)html_to_plain(bytes);
    (void)split_html_message(bytes, 100);
  }
}

}  // namespace
}  // namespace dq::telegram
