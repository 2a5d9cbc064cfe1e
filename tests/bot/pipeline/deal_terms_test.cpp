#include "bot/pipeline/deal_terms.hpp"

#include <gtest/gtest.h>

namespace dq::pipeline {
namespace {

using V = std::vector<std::string>;

V canon(std::string_view text, BareNumbers bare = BareNumbers::ignored) {
  V out;
  for (const auto& t : extract_deal_terms(text, bare)) out.push_back(t.canonical);
  return out;
}

V raws(std::string_view text) {
  V out;
  for (const auto& t : extract_deal_terms(text)) out.push_back(t.raw);
  return out;
}

// ---- money ----

TEST(DealTerms, ReadsCurrencySymbolsAndCodesBeforeOrAfterTheAmount) {
  EXPECT_EQ(canon("Asking price: $450,000 for everything"), V{"USD 450000"});
  EXPECT_EQ(canon("€80k or £1.2m"), (V{"EUR 80000", "GBP 1200000"}));
  EXPECT_EQ(canon("USD 3,000.50 or 450 000 EUR or 12 GBP"), (V{"USD 3000.5", "EUR 450000", "GBP 12"}));
  EXPECT_EQ(canon("US$450 and EUR450k"), (V{"USD 450", "EUR 450000"}));
  EXPECT_EQ(canon("450 000 € or 90 £ or 5$"), (V{"EUR 450000", "GBP 90", "USD 5"}));
  EXPECT_EQ(canon("1.2 million dollars, 300 thousand euros, 40 pounds"),
            (V{"USD 1200000", "EUR 300000", "GBP 40"}));
}

TEST(DealTerms, ReadsEveryMagnitudeSuffix) {
  EXPECT_EQ(canon("$450k $450K $1.2m $1.2M $3mn $2bn $1 billion $5 thousand $1tn"),
            (V{"USD 450000", "USD 450000", "USD 1200000", "USD 1200000", "USD 3000000", "USD 2000000000",
               "USD 1000000000", "USD 5000", "USD 1000000000000"}));
  EXPECT_EQ(canon("a $2B valuation and $5MM in revenue"), (V{"USD 2000000000", "USD 5000000"}));
}

TEST(DealTerms, ReadsThousandsSeparatorsAndDecimalsInEveryConvention) {
  EXPECT_EQ(canon("$1,234,567.89"), V{"USD 1234567.89"});
  EXPECT_EQ(canon("€1.200.000 and €1.200.000,50"), (V{"EUR 1200000", "EUR 1200000.5"}));
  EXPECT_EQ(canon("CHF-style 450'000 USD"), V{"USD 450000"});
  EXPECT_EQ(canon("€450\xC2\xA0"
                  "000 and €450\xE2\x80\xAF"
                  "000"),
            (V{"EUR 450000", "EUR 450000"}));
  EXPECT_EQ(canon("€1,5m"), V{"EUR 1500000"});
  EXPECT_EQ(canon("$450,000.00"), V{"USD 450000"});
}

TEST(DealTerms, ABareNumberIsMoneyOnlyWithASuffixOrSeparatorsAndAtLeastAThousand) {
  EXPECT_EQ(canon("budget of 95,000"), V{"? 95000"});
  EXPECT_EQ(canon("a 2bn valuation, 450k, 1.2 million"), (V{"? 2000000000", "? 450000", "? 1200000"}));
  EXPECT_EQ(canon("450 000 total"), V{"? 450000"});
  EXPECT_TRUE(canon("3 employees, turn 2, 1000 units, 999, 0,500, the year 2027").empty());
}

TEST(DealTerms, BareNumbersCanBeReadAsMoneyForTheKnownSide) {
  EXPECT_EQ(canon("I offer 400000 for 3 units", BareNumbers::as_money), V{"? 400000"});
  EXPECT_TRUE(canon("I offer 400000 for 3 units").empty());
}

TEST(DealTerms, ARangeGivesBothEndsTheSameCurrencyAndMagnitude) {
  EXPECT_EQ(canon("$400-500k"), (V{"USD 400000", "USD 500000"}));
  EXPECT_EQ(canon("€80\xE2\x80\x93"
                  "90k"),
            (V{"EUR 80000", "EUR 90000"}));
  EXPECT_EQ(canon("10-15%"), (V{"10%", "15%"}));
  EXPECT_EQ(raws("between $400-500k"), (V{"$400-500k", "$400-500k"}));
  EXPECT_TRUE(canon("10-15 people").empty());
}

TEST(DealTerms, TheRetirementPlanIsNotAnAmount) {
  EXPECT_EQ(canon("a 401k match of 4%"), V{"4%"});
  EXPECT_EQ(canon("$401k"), V{"USD 401000"});
}

// ---- percent ----

TEST(DealTerms, ReadsPercentagesInEveryWriting) {
  EXPECT_EQ(canon("12% now, 12.5 % later, 3 percent, 4 per cent, 7 pct, 2 percentage points, 1,5%"),
            (V{"12%", "12.5%", "3%", "4%", "7%", "2%", "1.5%"}));
}

// ---- dates ----

TEST(DealTerms, ReadsDayPrecisionDatesInEveryWriting) {
  EXPECT_EQ(canon("Closing on 2027-03-03."), V{"2027-03-03"});
  EXPECT_EQ(canon("March 3, 2027 or 3 March 2027 or Mar 3 2027 or Mar. 3rd, 2027"),
            (V{"2027-03-03", "2027-03-03", "2027-03-03", "2027-03-03"}));
  EXPECT_EQ(canon("on the 1st of September 2026, or Sept 2 2026"), (V{"2026-09-01", "2026-09-02"}));
  EXPECT_EQ(canon("2027/03/03 and 2027-03-03T10:00:00Z"), (V{"2027-03-03", "2027-03-03"}));
}

TEST(DealTerms, ReadsMonthAndQuarterPrecisionDates) {
  EXPECT_EQ(canon("starting March 2027, or March, 2027, or 2027-03."), (V{"2027-03", "2027-03", "2027-03"}));
  EXPECT_EQ(canon("delivery in Q3 2027 or q4, 2027"), (V{"2027-Q3", "2027-Q4"}));
}

TEST(DealTerms, ADateWithoutAYearHasNoYearInItsCanonicalForm) {
  EXPECT_EQ(canon("by June 5th, or 5 June, or March 3."), (V{"--06-05", "--06-05", "--03-03"}));
}

TEST(DealTerms, NumericDatesTakeTheOnlyPossibleReadingAndKeepBothWhenAmbiguous) {
  EXPECT_EQ(canon("by 04/15/2027 or 15/04/2027 or 15.04.2027"),
            (V{"2027-04-15", "2027-04-15", "2027-04-15"}));
  auto ambiguous = extract_deal_terms("by 04/03/2027");
  ASSERT_EQ(ambiguous.size(), 1u);
  EXPECT_EQ(ambiguous[0].canonical, "2027-04-03");
  EXPECT_EQ(ambiguous[0].alternative, "2027-03-04");
  EXPECT_TRUE(canon("13/13/2027, February 30, 2027-13-01").empty());
}

// ---- not terms ----

TEST(DealTerms, TheVerbMayIsNotAMonth) {
  EXPECT_TRUE(canon("you may 3 times ask").empty());
  EXPECT_EQ(canon("by May 3 or MAY 4"), (V{"--05-03", "--05-04"}));
}

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
  for (std::string_view unit : {"111 ", "1-", "1.", "1,", "1 1:", "$", "March ", "Q3 ", "1 of "}) {
    std::string big;
    while (big.size() < 1'000'000) big += unit;
    big += "111:11";
    EXPECT_LT(extract_deal_terms(big).size(), 1'000'000u) << unit;
  }
}

}  // namespace
}  // namespace dq::pipeline
