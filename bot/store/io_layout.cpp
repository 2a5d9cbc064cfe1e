#include "bot/store/io_layout.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

namespace dq::store {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMinCap = 256;
constexpr const char* kRef = "$io";

constexpr const char* kChain = "$chain";
constexpr std::size_t kMaxChain = 1'000'000;  // links followed back at most (a damaged store could loop)

// FNV-1a over `seed` then `text`, then splitmix64's finaliser: a stable 63-bit id (positive, as SQL
// integers like).
std::int64_t hash_id(std::uint64_t seed, std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (int i = 0; i < 8; ++i, seed >>= 8) h = (h ^ (seed & 0xff)) * 0x100000001b3ULL;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return static_cast<std::int64_t>(h >> 1);
}

// Where to cut `text` to keep at most `n` bytes without splitting a UTF-8 sequence.
std::size_t utf8_cut(std::string_view text, std::size_t n) {
  if (n >= text.size()) return text.size();
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return n;
}

std::string marker(std::size_t original, std::size_t kept) {
  return " … [cut by dealquest: " + std::to_string(original) + " bytes, the first " + std::to_string(kept) +
         " kept]";
}

// A part's stored text: the value's JSON, with its longest string (a message's content, the system prompt)
// cut when the whole is over the cap; a value with no such string is stored as a cut JSON string.
std::string capped_part(json value, std::size_t cap) {
  std::string body = value.dump();
  if (body.size() <= cap) return body;
  const std::size_t original = body.size();
  json* text = value.is_string() ? &value : nullptr;
  if (value.is_object())
    if (auto c = value.find("content"); c != value.end() && c->is_string()) text = &*c;
  if (text == nullptr) return json(cap_text(body, cap - 2)).dump();
  const std::size_t over = original - cap;
  const std::string& s = text->get_ref<const std::string&>();
  // Escaping may make the cut text's JSON longer than its bytes: shrink until the whole fits.
  std::size_t keep = s.size() > over + 96 ? s.size() - over - 96 : 0;
  for (;;) {
    const std::size_t at = utf8_cut(s, keep);
    json cut = value;
    json& cut_text = value.is_string() ? cut : cut["content"];
    cut_text = s.substr(0, at) + marker(original, at);
    body = cut.dump();
    if (body.size() <= cap || at == 0) return body;
    keep = at - std::min(at, (body.size() - cap) + 16);
  }
}

IoPart make_part(json value, std::size_t cap, bool chained) {
  IoPart p;
  p.size = static_cast<std::int64_t>(value.dump().size());
  p.body = capped_part(std::move(value), cap);
  p.chained = chained;
  return p;
}

std::optional<std::size_t> ref_of(const json& slot, const char* key) {
  if (!slot.is_object() || slot.size() != 1) return std::nullopt;
  auto it = slot.find(key);
  if (it == slot.end() || !it->is_number_unsigned()) return std::nullopt;
  return it->get<std::size_t>();
}

}  // namespace

std::string cap_text(std::string_view text, std::size_t cap) {
  if (text.size() <= cap) return std::string(text);
  const std::string tail = marker(text.size(), 0);
  std::size_t at = utf8_cut(text, cap > tail.size() + 8 ? cap - tail.size() - 8 : 0);
  return std::string(text.substr(0, at)) + marker(text.size(), at);
}

void put_parts(std::vector<IoPart>& parts, const std::function<bool(const IoPart&)>& put) {
  std::int64_t prev = 0;
  for (IoPart& p : parts) {
    p.prev = p.chained ? prev : 0;
    p.id = hash_id(static_cast<std::uint64_t>(p.prev), p.body);
    while (!put(p)) p.id = hash_id(static_cast<std::uint64_t>(p.id), "next");
    if (p.chained) prev = p.id;
  }
}

StoredIo store_io(std::string_view input, std::string_view output, std::size_t cap) {
  cap = std::max(cap, kMinCap);
  StoredIo io;
  io.input_size = static_cast<std::int64_t>(input.size());
  io.output_size = static_cast<std::int64_t>(output.size());
  io.output = cap_text(output, cap);
  json request = json::parse(input, nullptr, /*allow_exceptions=*/false);
  auto messages = request.is_object() ? request.find("messages") : request.end();
  if (request.is_discarded() || !request.is_object() || messages == request.end() || !messages->is_array()) {
    io.input = cap_text(input, cap);
    return io;
  }
  std::size_t refs = 0;
  if (auto system = request.find("system"); system != request.end() && !system->is_null()) {
    io.parts.push_back(make_part(std::move(*system), cap, false));
    *system = json{{kRef, refs++}};
  }
  if (!messages->empty()) {
    for (json& m : *messages) io.parts.push_back(make_part(std::move(m), cap, true));
    *messages = json{{kChain, refs++}};
  }
  io.input = cap_text(request.dump(), cap);  // a skeleton over the cap has huge fields besides the parts
  return io;
}

std::string part_list(const std::vector<IoPart>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const bool last_link = parts[i].chained && (i + 1 == parts.size() || !parts[i + 1].chained);
    if (parts[i].chained && !last_link) continue;
    if (!out.empty()) out += ' ';
    out += std::to_string(parts[i].id);
  }
  return out;
}

std::optional<std::vector<std::int64_t>> parse_part_list(std::string_view list) {
  std::vector<std::int64_t> ids;
  const char* p = list.data();
  const char* end = list.data() + list.size();
  while (p < end) {
    if (*p == ' ') {
      ++p;
      continue;
    }
    std::int64_t id = 0;
    auto [next, ec] = std::from_chars(p, end, id);
    if (ec != std::errc()) return std::nullopt;
    ids.push_back(id);
    p = next;
  }
  return ids;
}

std::string load_input(std::string_view stored, const std::vector<std::int64_t>& ids,
                       const std::function<std::optional<PartText>(std::int64_t id)>& part_of) {
  if (ids.empty()) return std::string(stored);
  json skeleton = json::parse(stored, nullptr, /*allow_exceptions=*/false);
  if (!skeleton.is_object()) return std::string(stored);  // a skeleton cut by the cap: shown as it is
  const json missing = {{kRef, "missing"}};
  auto value_of = [&](const std::optional<PartText>& part) {
    json value = part ? json::parse(part->body, nullptr, false) : json();
    return part && !value.is_discarded() ? value : missing;
  };
  if (auto system = skeleton.find("system"); system != skeleton.end())
    if (auto i = ref_of(*system, kRef); i && *i < ids.size()) *system = value_of(part_of(ids[*i]));
  if (auto messages = skeleton.find("messages"); messages != skeleton.end())
    if (auto i = ref_of(*messages, kChain); i && *i < ids.size()) {
      json chain = json::array();
      std::int64_t id = ids[*i];
      while (id != 0 && chain.size() < kMaxChain) {
        std::optional<PartText> link = part_of(id);
        chain.push_back(value_of(link));
        id = link ? link->prev : 0;
      }
      std::reverse(chain.begin(), chain.end());
      *messages = std::move(chain);
    }
  return skeleton.dump();
}

std::string last_message_text(std::string_view stored, const std::vector<std::int64_t>& ids,
                              const std::function<std::optional<PartText>(std::int64_t id)>& part_of) {
  const json request = json::parse(stored, nullptr, /*allow_exceptions=*/false);
  if (!request.is_object()) return {};
  auto messages = request.find("messages");
  if (messages == request.end()) return {};
  json last;
  if (messages->is_array() && !messages->empty()) {
    last = messages->back();
  } else if (auto i = ref_of(*messages, kChain); i && *i < ids.size()) {
    if (auto link = part_of(ids[*i])) last = json::parse(link->body, nullptr, false);
  }
  if (!last.is_object()) return {};
  auto content = last.find("content");
  return content != last.end() && content->is_string() ? content->get<std::string>() : std::string();
}

}  // namespace dq::store
