#include "bot/store/io_layout.hpp"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

namespace dq::store {
namespace {

using json = nlohmann::json;

std::string request(int messages, const std::string& system = "You are the seller.") {
  json r = {{"model", "claude-haiku-4-5"}, {"max_tokens", 300}, {"system", system}};
  auto& m = r["messages"] = json::array();
  for (int i = 0; i < messages; ++i)
    m.push_back({{"role", i % 2 ? "assistant" : "user"}, {"content", "message " + std::to_string(i)}});
  return r.dump();
}

// What a store keeps: parts by id; put_parts moves on when an id holds another part.
struct Parts {
  std::map<std::int64_t, PartText> parts;
  std::vector<std::int64_t> put(std::vector<IoPart>& io_parts) {
    put_parts(io_parts, [&](const IoPart& p) {
      auto [it, added] = parts.try_emplace(p.id, PartText{p.body, p.prev});
      return added || (it->second.body == p.body && it->second.prev == p.prev);
    });
    return *parse_part_list(part_list(io_parts));
  }
  std::string load(const StoredIo& io, const std::vector<std::int64_t>& ids) const {
    return load_input(io.input, ids, [&](std::int64_t id) -> std::optional<PartText> {
      auto it = parts.find(id);
      return it == parts.end() ? std::nullopt : std::optional(it->second);
    });
  }
};

TEST(IoLayout, ARequestComesBackAsItWasSent) {
  const std::string in = request(5);
  StoredIo io = store_io(in, "12,000 is my floor.");
  ASSERT_EQ(io.parts.size(), 6u);  // the system prompt and five messages
  EXPECT_EQ(io.input_size, static_cast<std::int64_t>(in.size()));
  EXPECT_EQ(io.output, "12,000 is my floor.");
  Parts store;
  const auto ids = store.put(io.parts);
  ASSERT_EQ(ids.size(), 2u) << "the row names the system prompt and the last message only";
  EXPECT_EQ(ids[1], io.parts.back().id);
  EXPECT_EQ(store.load(io, ids), in);
}

TEST(IoLayout, TheLastMessageIsReadFromTheChainsLastLinkOnly) {
  const std::string in = request(5);
  StoredIo io = store_io(in, "");
  Parts store;
  const auto ids = store.put(io.parts);
  std::vector<std::int64_t> asked;
  auto part_of = [&](std::int64_t id) -> std::optional<PartText> {
    asked.push_back(id);
    auto it = store.parts.find(id);
    return it == store.parts.end() ? std::nullopt : std::optional(it->second);
  };
  EXPECT_EQ(last_message_text(io.input, ids, part_of), "message 4");
  EXPECT_EQ(asked, std::vector<std::int64_t>{ids[1]}) << "not the system prompt, not the older links";
  // An input stored whole (no parts), one whose last message is not text, and one without messages.
  EXPECT_EQ(last_message_text(in, {}, part_of), "message 4");
  EXPECT_EQ(last_message_text(R"({"messages":[{"role":"user","content":[{"type":"text"}]}]})", {}, part_of),
            "");
  EXPECT_EQ(last_message_text(R"({"system":"s"})", {}, part_of), "");
  EXPECT_EQ(last_message_text("not json", {}, part_of), "");
  // A last link that is gone reads as no text.
  store.parts.erase(ids[1]);
  EXPECT_EQ(last_message_text(io.input, ids, part_of), "");
}

TEST(IoLayout, TheSameMessageAfterADifferentHistoryIsAnotherLink) {
  Parts store;
  json a = {{"messages",
             json::array({{{"role", "user"}, {"content", "hi"}}, {{"role", "user"}, {"content", "ok"}}})}};
  json b = {{"messages",
             json::array({{{"role", "user"}, {"content", "yo"}}, {{"role", "user"}, {"content", "ok"}}})}};
  StoredIo io_a = store_io(a.dump(), "");
  StoredIo io_b = store_io(b.dump(), "");
  const auto ids_a = store.put(io_a.parts);
  const auto ids_b = store.put(io_b.parts);
  EXPECT_NE(ids_a, ids_b);
  EXPECT_EQ(store.parts.size(), 4u);
  EXPECT_EQ(store.load(io_a, ids_a), a.dump());
  EXPECT_EQ(store.load(io_b, ids_b), b.dump());
}

TEST(IoLayout, AConversationStoresEachMessageOnce) {
  Parts store;
  std::vector<std::size_t> row_bytes;
  std::size_t full_bytes = 0;
  constexpr int kCalls = 20;
  for (int call = 1; call <= kCalls; ++call) {
    const std::string in = request(call);
    StoredIo io = store_io(in, "reply");
    const auto ids = store.put(io.parts);
    EXPECT_EQ(store.load(io, ids), in);
    row_bytes.push_back(io.input.size() + part_list(io.parts).size());
    full_bytes += in.size();
  }
  EXPECT_EQ(store.parts.size(), static_cast<std::size_t>(kCalls + 1));  // 20 messages and one system prompt
  std::size_t part_bytes = 0;
  for (const auto& [id, part] : store.parts) part_bytes += part.body.size() + 8;
  // Every call's row is the same size, whatever the length of the conversation so far.
  EXPECT_LE(row_bytes.back(), row_bytes.front() + 2);
  std::size_t stored = part_bytes;
  for (std::size_t b : row_bytes) stored += b;
  EXPECT_LT(stored, full_bytes / 2) << "stored " << stored << " bytes for " << full_bytes << " sent";
}

TEST(IoLayout, ATextOverTheCapIsCutOnACharacterAndMarkedWithItsSize) {
  const std::string content(100'000, 'a');
  json r = {{"system", "s"}, {"messages", json::array({{{"role", "user"}, {"content", "é" + content}}})}};
  const std::string in = r.dump();
  StoredIo io = store_io(in, std::string(70'000, 'z'), 1024);
  ASSERT_EQ(io.parts.size(), 2u);
  const IoPart& big = io.parts[1];
  EXPECT_LE(big.body.size(), 1024u);
  EXPECT_GT(big.size, 100'000);
  const json message = json::parse(big.body);  // still a message: role kept, content cut
  EXPECT_EQ(message["role"], "user");
  EXPECT_NE(message["content"].get<std::string>().find("[cut by dealquest: "), std::string::npos);
  EXPECT_LE(io.output.size(), 1024u);
  EXPECT_NE(io.output.find("70000 bytes"), std::string::npos);
  EXPECT_EQ(io.output_size, 70'000);

  const std::string cut = cap_text("é" + std::string(10, 'b'), 257);
  EXPECT_EQ(cut, "é" + std::string(10, 'b'));  // fits: untouched
  const std::string multibyte = cap_text(std::string(300, 'x') + "ééééé", 256);
  EXPECT_TRUE(json::parse(json(multibyte).dump()).is_string());  // valid UTF-8 (dump throws otherwise)
}

TEST(IoLayout, AnInputThatIsNotARequestIsStoredAsItCameCapped) {
  StoredIo io = store_io("system: you are the counterpart\nuser: 10,000?", "");
  EXPECT_TRUE(io.parts.empty());
  EXPECT_EQ(io.input, "system: you are the counterpart\nuser: 10,000?");
  EXPECT_EQ(load_input(io.input, {}, [](std::int64_t) { return std::optional<PartText>(); }), io.input);
}

TEST(IoLayout, AMissingPartIsShownAsMissing) {
  StoredIo io = store_io(request(2), "");
  Parts store;
  auto ids = store.put(io.parts);
  store.parts.erase(io.parts[0].id);  // the system prompt
  const json back = json::parse(store.load(io, ids));
  EXPECT_EQ(back["system"], json({{"$io", "missing"}}));
  EXPECT_EQ(back["messages"][1]["content"], "message 1");
}

TEST(IoLayout, APartListIsReadBackOrRefused) {
  EXPECT_EQ(parse_part_list("1 -2 33"), (std::vector<std::int64_t>{1, -2, 33}));
  EXPECT_EQ(parse_part_list(""), std::vector<std::int64_t>{});
  EXPECT_EQ(parse_part_list("1 x"), std::nullopt);
}

TEST(IoLayout, AnotherPartUnderTheSameIdMovesToTheNextId) {
  StoredIo first = store_io(request(1), "");
  Parts store;
  store.put(first.parts);
  const std::int64_t taken = first.parts[1].id;
  store.parts[taken] = PartText{R"({"role":"user","content":"someone else"})", 0};
  StoredIo io = store_io(request(1), "");
  const auto ids = store.put(io.parts);
  EXPECT_NE(ids[1], taken);
  EXPECT_EQ(json::parse(store.load(io, ids))["messages"][0]["content"], "message 0");
  EXPECT_EQ(store.parts[taken].body, R"({"role":"user","content":"someone else"})");
}

}  // namespace
}  // namespace dq::store
