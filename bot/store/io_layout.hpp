#pragma once
// How span I/O is stored, for every backend: linearly in conversation length, and capped.
//
// An LLM span's input is the whole request (system prompt and every message so far), so storing it whole on
// every call grows a conversation's I/O with the square of its length. Instead the request is split into
// parts, each stored once (`io_parts`): the system prompt, and each message as a link of a chain that
// points to the message before it (its id is a hash of its text and of that link's id, as in a git
// history). A span keeps a small skeleton (the request with the system prompt replaced by {"$io": 0} and
// the messages by {"$chain": 1}) and the ids those refer to: the system prompt's and the last message's.
// So a call stores only what is new since the previous call of its conversation, plus a row of constant
// size. Reading puts the parts back (load_input).
//
// Every stored text (a part, an output, an input that is not a request) is capped (kIoCap by default). A cut
// text ends with a marker saying how big it was, so it is marked wherever it is shown, and the row keeps
// the original size.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dq::store {

inline constexpr std::size_t kIoCap = 64 * 1024;

// One stored part: its text (a JSON value, capped), its original size, whether it is a link of the
// messages' chain, and (given by put_parts) its id and the id of the link before it (0: none).
struct IoPart {
  std::string body;
  std::int64_t size = 0;
  bool chained = false;
  std::int64_t id = 0;
  std::int64_t prev = 0;
};

struct StoredIo {
  // The skeleton (when parts is not empty) or the capped input as it came.
  std::string input;
  std::int64_t input_size = 0;  // bytes of the input before splitting and capping
  std::vector<IoPart> parts;    // the system prompt (when there is one), then the messages' chain in order
  std::string output;           // capped
  std::int64_t output_size = 0;
};

// Splits and caps one span's I/O. `cap` below 256 bytes is raised to 256. The parts have no ids yet.
StoredIo store_io(std::string_view input, std::string_view output, std::size_t cap = kIoCap);

// Gives each part its id, in order, and stores it with `put`. `put` stores the part, or finds it already
// stored (same text and same link before it) and marks it used again; it returns false when the id holds
// another part, and the next candidate id is tried (ids are hashes: such a clash is rare, and never merges
// two texts).
void put_parts(std::vector<IoPart>& parts, const std::function<bool(const IoPart&)>& put);

// `text` cut to at most `cap` bytes (on a UTF-8 boundary) with the marker, or as it is when it fits.
std::string cap_text(std::string_view text, std::size_t cap);

// The ids a span row keeps ("id id": the system prompt's, the last link's), and back; nullopt when
// malformed.
std::string part_list(const std::vector<IoPart>& parts);
std::optional<std::vector<std::int64_t>> parse_part_list(std::string_view list);

// A stored part as load_input reads it back.
struct PartText {
  std::string body;
  std::int64_t prev = 0;
};

// The input as it was sent (capped parts included): the skeleton with its references replaced by the
// parts `ids` name, the chain followed back to its first link. A part that is gone (`part_of` returns
// nullopt) reads as {"$io": "missing"}. An input that is not a skeleton (no ids) comes back as it is.
std::string load_input(std::string_view stored, const std::vector<std::int64_t>& ids,
                       const std::function<std::optional<PartText>(std::int64_t id)>& part_of);

// The content of the input's last message, "" when it has none (or it is not text): the user's line a
// transcript shows. Reads the skeleton and the chain's last link only, not the whole conversation.
std::string last_message_text(std::string_view stored, const std::vector<std::int64_t>& ids,
                              const std::function<std::optional<PartText>(std::int64_t id)>& part_of);

}  // namespace dq::store
