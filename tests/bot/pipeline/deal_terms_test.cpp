#include "bot/pipeline/deal_terms.hpp"

#include <gtest/gtest.h>

#include "tests/bot/pipeline/deal_terms_text.hpp"

namespace dq::pipeline {
namespace {

// ---- not terms ----

TEST(DealTerms, YearsAloneAreNotTerms) {
  EXPECT_TRUE(canon("since 2019, in 2027, FY2026, mid-2027, 2026-2027").empty());
}

TEST(DealTerms, TimesPhonesVersionsAndOrdinalsAreNotTerms) {
  EXPECT_TRUE(canon("at 10:30, call 555-0100 or +1 212 555 0100 or 555-010-0100").empty());
  EXPECT_TRUE(canon("version 2.4.1, host 192.168.1.1, the 3rd option, Q3, H1, v2").empty());
  EXPECT_TRUE(canon("order 12345678901234567890 ref 1,234,567,890,123,456,789 USD").empty());
}

// ---- raw, offset, names ----

TEST(DealTerms, RawAndOffsetPointAtTheText) {
  const std::string text = "Fine: $390,000 then, from March 3, 2027 at 5%.";
  auto terms = extract_deal_terms(text);
  ASSERT_EQ(terms.size(), 3u);
  for (const auto& t : terms) EXPECT_EQ(text.substr(t.offset, t.raw.size()), t.raw);
  EXPECT_EQ(terms[0].raw, "$390,000");
  EXPECT_EQ(terms[0].offset, 6u);
  EXPECT_EQ(terms[0].kind, TermKind::money);
  EXPECT_EQ(terms[0].currency, "USD");
  EXPECT_DOUBLE_EQ(terms[0].value, 390000);
  EXPECT_EQ(terms[1].raw, "March 3, 2027");
  EXPECT_EQ(terms[2].raw, "5%");
}

TEST(DealTerms, KindsHaveStableNames) {
  EXPECT_STREQ(to_string(TermKind::money), "money");
  EXPECT_STREQ(to_string(TermKind::percent), "percent");
  EXPECT_STREQ(to_string(TermKind::date), "date");
}

// ---- size ----

TEST(DealTerms, AMegabyteOfProseIsScanned) {
  std::string big;
  while (big.size() < 1'000'000) big += "We could go to $1,250 per unit by March 3, 2027 (12%). 123456789 ";
  EXPECT_GT(extract_deal_terms(big).size(), 40'000u);
}

TEST(DealTerms, AMegabyteOfHostileDigitRunsIsScanned) {
  // Each of these once made the scanner re-read the rest of the text at every number.
  for (std::string_view unit : {"111 ", "1-", "1.", "1,", "1 1:", "$", "March ", "Q3 ", "1 of ", "one and ",
                                "a hundred ", "twenty-", "half a ", "two thousand and ", "a ", "5 grand-"}) {
    std::string big;
    while (big.size() < 1'000'000) big += unit;
    big += "111:11";
    EXPECT_LT(extract_deal_terms(big).size(), 1'000'000u) << unit;
  }
}

}  // namespace
}  // namespace dq::pipeline
