#include "bot/pipeline/deal_terms.hpp"

#include <gtest/gtest.h>

namespace dq::pipeline {
namespace {

std::vector<std::string> canon(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& t : extract_deal_terms(text)) out.push_back(t.canonical);
  return out;
}

using V = std::vector<std::string>;

TEST(DealTerms, MoneyWithSymbolsCodesSeparatorsAndSuffixes) {
  EXPECT_EQ(canon("Asking price: $450,000 for everything"), V{"USD 450000"});
  EXPECT_EQ(canon("I can do $450k, maybe 450 000 USD"), (V{"USD 450000", "USD 450000"}));
  EXPECT_EQ(canon("€80k or £1.2m or USD 3,000.50"), (V{"EUR 80000", "GBP 1200000", "USD 3000.5"}));
  EXPECT_EQ(canon("1.2 million dollars"), V{"USD 1200000"});
  EXPECT_EQ(canon("a 2bn valuation, 300 thousand euros"), (V{"? 2000000000", "EUR 300000"}));
  EXPECT_EQ(canon("budget of 95,000"), V{"? 95000"});
}

TEST(DealTerms, PercentagesInEveryWriting) {
  EXPECT_EQ(canon("12% now, 12.5 % later, 3 percent, 4 per cent"), (V{"12%", "12.5%", "3%", "4%"}));
}

TEST(DealTerms, DatesInEveryWriting) {
  EXPECT_EQ(canon("Closing on 2027-03-03."), V{"2027-03-03"});
  EXPECT_EQ(canon("March 3, 2027 or 3 March 2027 or Mar 3 2027"),
            (V{"2027-03-03", "2027-03-03", "2027-03-03"}));
  EXPECT_EQ(canon("starting March 2027"), V{"2027-03"});
  EXPECT_EQ(canon("delivery in Q3 2027"), V{"2027-Q3"});
  EXPECT_EQ(canon("by June 5th"), V{"--06-05"});
  EXPECT_EQ(canon("on the 1st of September 2026"), V{"2026-09-01"});
}

TEST(DealTerms, PlainNumbersYearsTimesAndPhonesAreNotTerms) {
  EXPECT_TRUE(canon("3 employees, turn 2, since 2019, at 10:30, call 555-0100, the 3rd option").empty());
  EXPECT_TRUE(canon("version 2.4.1 and 1000 units").empty());
}

TEST(DealTerms, RawAndOffsetPointAtTheText) {
  auto terms = extract_deal_terms("Fine: $390,000 then.");
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_EQ(terms[0].raw, "$390,000");
  EXPECT_EQ(terms[0].offset, 6u);
  EXPECT_EQ(terms[0].kind, TermKind::money);
  EXPECT_STREQ(to_string(terms[0].kind), "amount");
}

TEST(DealTerms, AMegabyteOfTextIsScannedWithoutTrouble) {
  std::string big;
  while (big.size() < 1'000'000) big += "We could go to $1,250 per unit by March 3, 2027 (12%). 123456789 ";
  EXPECT_GT(extract_deal_terms(big).size(), 40'000u);
}

}  // namespace
}  // namespace dq::pipeline
