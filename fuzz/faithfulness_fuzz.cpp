// Fuzz target: the faithfulness reader (bot/pipeline/deal_terms.hpp, deal_numbers.hpp, faithfulness.hpp).
// The bytes are the counterpart's reply, then, after each form feed (\f), one more known text (facts and
// earlier messages). Every text is scanned both ways (bare numbers ignored and read as money), then the reply
// is checked against the known texts.
// Promises checked: a term's `raw` is the text at its `offset`, terms come in text order, and an invented
// term is one of the reply's terms.

#include <algorithm>
#include <string>
#include <vector>

#include "bot/pipeline/deal_terms.hpp"
#include "bot/pipeline/faithfulness.hpp"
#include "fuzz/fuzz_support.hpp"

namespace {

void check_terms(std::string_view text, dq::pipeline::BareNumbers bare) {
  const std::vector<dq::pipeline::DealTerm> terms = dq::pipeline::extract_deal_terms(text, bare);
  std::size_t last = 0;
  for (const dq::pipeline::DealTerm& term : terms) {
    dq::fuzz::check(term.offset <= text.size() && term.raw.size() <= text.size() - term.offset,
                    "a term lies inside the text");
    dq::fuzz::check(text.substr(term.offset, term.raw.size()) == term.raw, "raw is the text at offset");
    dq::fuzz::check(term.offset >= last, "terms come in text order");
    dq::fuzz::check(!term.canonical.empty(), "a term has a canonical form");
    last = term.offset;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = dq::fuzz::as_text(data, size);
  const std::size_t reply_end = std::min(bytes.find('\f'), bytes.size());
  const std::string_view reply = bytes.substr(0, reply_end);
  std::vector<std::string> known;
  for (std::size_t start = reply_end; start < bytes.size();) {
    const std::size_t end = std::min(bytes.find('\f', start + 1), bytes.size());
    known.emplace_back(bytes.substr(start + 1, end - start - 1));
    start = end;
  }
  for (const auto bare : {dq::pipeline::BareNumbers::ignored, dq::pipeline::BareNumbers::as_money}) {
    check_terms(reply, bare);
    for (const std::string& text : known) check_terms(text, bare);
  }
  const dq::pipeline::FaithfulnessResult result = dq::pipeline::check_faithfulness(reply, known);
  const auto said = dq::pipeline::extract_deal_terms(reply);
  for (const dq::pipeline::DealTerm& term : result.invented) {
    bool found = false;
    for (const dq::pipeline::DealTerm& s : said)
      found = found || (s.offset == term.offset && s.raw == term.raw);
    dq::fuzz::check(found, "an invented term is a term of the reply");
  }
  (void)result.describe();
  return 0;
}
