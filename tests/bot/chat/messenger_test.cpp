// send_long: one message, several under Telegram's 4096 limit in order, or a document beyond max_messages.
#include "bot/chat/messenger.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "bot/telegram/telegram_text.hpp"
#include "tests/support/recording_messenger.hpp"
#include "tests/support/run_loop.hpp"

namespace dq::chat {
namespace {

constexpr std::int64_t kChat = 7;

std::string numbered_lines(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += "<b>" + std::to_string(i) + "</b> a line of a long admin view\n";
  return out;
}

struct SendLongTest : ::testing::Test {
  boost::asio::io_context io;
  testing::RecordingMessenger messenger;

  core::Result<int> send_long(std::string html, int max_messages = 4) {
    return testing::run_to_completion(
        io, chat::send_long(messenger, kChat, std::move(html), "view.txt", "<b>View</b>", max_messages));
  }
};

TEST_F(SendLongTest, SendsAShortTextAsOneMessage) {
  auto sent = send_long("<b>hello</b>");
  ASSERT_TRUE(sent.has_value()) << sent.error().to_string();
  EXPECT_EQ(*sent, 1);
  ASSERT_EQ(messenger.order.size(), 1u);
  EXPECT_EQ(messenger.last().html, "<b>hello</b>");
}

TEST_F(SendLongTest, SplitsALongTextIntoPartsUnderTheLimitAndKeepsTheirOrder) {
  const std::string html = numbered_lines(300);  // about 12,000 visible characters
  auto sent = send_long(html);
  ASSERT_TRUE(sent.has_value()) << sent.error().to_string();
  ASSERT_GE(*sent, 3);
  ASSERT_EQ(messenger.order.size(), static_cast<std::size_t>(*sent));
  EXPECT_FALSE(messenger.too_long);
  int next_line = 0;
  for (auto id : messenger.order) {
    const std::string& part = messenger.messages.at(id).html;
    EXPECT_LE(telegram::visible_length(part), telegram::kMessageLimit);
    EXPECT_EQ(messenger.messages.at(id).chat, kChat);
    // Each part continues where the previous one stopped.
    std::size_t at = 0;
    while ((at = part.find("<b>", at)) != std::string::npos) {
      const std::size_t end = part.find("</b>", at);
      ASSERT_NE(end, std::string::npos);
      EXPECT_EQ(part.substr(at + 3, end - at - 3), std::to_string(next_line)) << "part of message " << id;
      ++next_line;
      at = end;
    }
  }
  EXPECT_EQ(next_line, 300) << "every line arrived exactly once";
}

TEST_F(SendLongTest, SendsADocumentWhenItWouldTakeMoreThanMaxMessages) {
  auto sent = send_long(numbered_lines(300), 2);
  ASSERT_TRUE(sent.has_value()) << sent.error().to_string();
  EXPECT_EQ(*sent, 1);
  ASSERT_EQ(messenger.order.size(), 1u);
  const auto& doc = messenger.last();
  EXPECT_EQ(doc.document_name, "view.txt");
  EXPECT_EQ(doc.history.front(), "<b>View</b>") << "the caption";
  EXPECT_EQ(doc.html.find("<b>"), std::string::npos) << "tags removed in the document";
  EXPECT_NE(doc.html.find("299 a line"), std::string::npos);
}

TEST_F(SendLongTest, StopsAtTheFirstFailedSend) {
  messenger.fail_sends = true;
  auto sent = send_long(numbered_lines(300));
  ASSERT_FALSE(sent.has_value());
  EXPECT_TRUE(messenger.order.empty());
}

}  // namespace
}  // namespace dq::chat
