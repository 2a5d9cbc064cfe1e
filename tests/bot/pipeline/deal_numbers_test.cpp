#include "bot/pipeline/deal_numbers.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/bot/pipeline/deal_terms_text.hpp"

namespace dq::pipeline {
namespace {

TEST(DealNumbers, ReadsCurrencySymbolsAndCodesBeforeOrAfterTheAmount) {
  EXPECT_EQ(canon("Asking price: $450,000 for everything"), V{"USD 450000"});
  EXPECT_EQ(canon("€80k or £1.2m"), (V{"EUR 80000", "GBP 1200000"}));
  EXPECT_EQ(canon("USD 3,000.50 or 450 000 EUR or 12 GBP"), (V{"USD 3000.5", "EUR 450000", "GBP 12"}));
  EXPECT_EQ(canon("US$450 and EUR450k"), (V{"USD 450", "EUR 450000"}));
  EXPECT_EQ(canon("450 000 € or 90 £ or 5$"), (V{"EUR 450000", "GBP 90", "USD 5"}));
  EXPECT_EQ(canon("1.2 million dollars, 300 thousand euros, 40 pounds"),
            (V{"USD 1200000", "EUR 300000", "GBP 40"}));
}

TEST(DealNumbers, ReadsEveryMagnitudeSuffix) {
  EXPECT_EQ(canon("$450k $450K $1.2m $1.2M $3mn $2bn $1 billion $5 thousand $1tn"),
            (V{"USD 450000", "USD 450000", "USD 1200000", "USD 1200000", "USD 3000000", "USD 2000000000",
               "USD 1000000000", "USD 5000", "USD 1000000000000"}));
  EXPECT_EQ(canon("a $2B valuation and $5MM in revenue"), (V{"USD 2000000000", "USD 5000000"}));
}

TEST(DealNumbers, ReadsThousandsSeparatorsAndDecimalsInEveryConvention) {
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

TEST(DealNumbers, ABareNumberIsMoneyOnlyWithASuffixOrSeparatorsAndAtLeastAThousand) {
  EXPECT_EQ(canon("budget of 95,000"), V{"? 95000"});
  EXPECT_EQ(canon("a 2bn valuation, 450k, 1.2 million"), (V{"? 2000000000", "? 450000", "? 1200000"}));
  EXPECT_EQ(canon("450 000 total"), V{"? 450000"});
  EXPECT_TRUE(canon("3 employees, turn 2, 1000 units, 999, 0,500, the year 2027").empty());
}

TEST(DealNumbers, BareNumbersCanBeReadAsMoneyForTheKnownSide) {
  EXPECT_EQ(canon("I offer 400000 for 3 units", BareNumbers::as_money), V{"? 400000"});
  EXPECT_TRUE(canon("I offer 400000 for 3 units").empty());
}

TEST(DealNumbers, ARangeGivesBothEndsTheSameCurrencyAndMagnitude) {
  EXPECT_EQ(canon("$400-500k"), (V{"USD 400000", "USD 500000"}));
  EXPECT_EQ(canon("€80\xE2\x80\x93"
                  "90k"),
            (V{"EUR 80000", "EUR 90000"}));
  EXPECT_EQ(canon("10-15%"), (V{"10%", "15%"}));
  EXPECT_EQ(raws("between $400-500k"), (V{"$400-500k", "$400-500k"}));
  EXPECT_TRUE(canon("10-15 people").empty());
}

TEST(DealNumbers, TheRetirementPlanIsNotAnAmount) {
  EXPECT_EQ(canon("a 401k match of 4%"), V{"4%"});
  EXPECT_EQ(canon("$401k"), V{"USD 401000"});
}

TEST(DealNumbers, ReadsPercentagesInEveryWriting) {
  EXPECT_EQ(canon("12% now, 12.5 % later, 3 percent, 4 per cent, 7 pct, 2 percentage points, 1,5%"),
            (V{"12%", "12.5%", "3%", "4%", "7%", "2%", "1.5%"}));
}

// Each kNotAmounts entry, as usually written, is no amount on its own, and is one with a currency in front.
TEST(DealNumbers, EveryNotAnAmountEntryIsSkippedWithoutACurrencyOnly) {
  ASSERT_FALSE(detail::kNotAmounts.empty());
  for (const detail::NotAnAmount& entry : detail::kNotAmounts) {
    EXPECT_TRUE(canon(entry.written).empty()) << entry.written;
    EXPECT_TRUE(canon("a " + std::string(entry.written) + " plan").empty()) << entry.written;
    EXPECT_EQ(canon("$" + std::string(entry.written)).size(), 1u) << entry.written;
  }
}

TEST(DealNumbers, The401kEntryMatchesThatNumberAndMagnitudeOnly) {
  EXPECT_TRUE(canon("a 401K or a 401 thousand plan").empty());
  EXPECT_EQ(canon("402k, 4010k, 401m, 401,000 and 401.5k"),
            (V{"? 402000", "? 4010000", "? 401000000", "? 401000", "? 401500"}));
  EXPECT_EQ(canon("401k dollars"), V{"USD 401000"});
}

TEST(DealNumbers, ReadsSlangMagnitudes) {
  EXPECT_EQ(canon("2 mil, $3 mil, 5 grand, $1.2bn, 2.5 mill, 4mil"),
            (V{"? 2000000", "USD 3000000", "? 5000", "USD 1200000000", "? 2500000", "? 4000000"}));
  EXPECT_EQ(raws("about 5 grand a month"), V{"5 grand"});
}

TEST(DealNumbers, ASlangMagnitudeBeforeANounItQualifiesIsNoMagnitude) {
  EXPECT_TRUE(canon("3 grand pianos, 2 mil-spec radios").empty());
  for (std::string_view noun : detail::kNotAfterSlangMagnitude)
    EXPECT_TRUE(canon("3 grand " + std::string(noun)).empty()) << noun;
}

TEST(DealNumbers, ReadsAmountsInWordsWithAMagnitudeOrACurrency) {
  EXPECT_EQ(canon("two million even"), V{"? 2000000"});
  EXPECT_EQ(canon("nineteen hundred thousand"), V{"? 1900000"});
  EXPECT_EQ(canon("seventeen thousand five hundred dollars"), V{"USD 17500"});
  EXPECT_EQ(canon("two million one hundred thousand dollars"), V{"USD 2100000"});
  EXPECT_EQ(canon("one hundred and fifty thousand euros"), V{"EUR 150000"});
  EXPECT_EQ(canon("Forty-two thousand"), V{"? 42000"});
  EXPECT_EQ(canon("ten dollars, five grand, two mil"), (V{"USD 10", "? 5000", "? 2000000"}));
  EXPECT_EQ(raws("we want two million even"), V{"two million"});
}

TEST(DealNumbers, ReadsHalvesInWords) {
  EXPECT_EQ(canon("one and a half million"), V{"? 1500000"});
  EXPECT_EQ(canon("half a million"), V{"? 500000"});
  EXPECT_EQ(canon("a half million dollars"), V{"USD 500000"});
  EXPECT_EQ(canon("two and a half thousand pounds"), V{"GBP 2500"});
  EXPECT_EQ(raws("say one and a half million"), V{"one and a half million"});
}

TEST(DealNumbers, ReadsPercentagesInWords) {
  EXPECT_EQ(canon("twenty-five percent"), V{"25%"});
  EXPECT_EQ(canon("five per cent, twelve %, one and a half percent, zero percent"),
            (V{"5%", "12%", "1.5%", "0%"}));
}

TEST(DealNumbers, ReadsARangeInWordsAsBothEnds) {
  EXPECT_EQ(canon("between two and three million"), (V{"? 2000000", "? 3000000"}));
  EXPECT_EQ(canon("two to three million dollars"), (V{"USD 2000000", "USD 3000000"}));
  EXPECT_EQ(canon("ten-fifteen percent"), (V{"10%", "15%"}));
  EXPECT_EQ(canon("between one million and two million"), (V{"? 1000000", "? 2000000"}));
  EXPECT_TRUE(canon("two to three weeks, one and two").empty());
}

TEST(DealNumbers, ANumberInWordsWithNeitherMagnitudeNorCurrencyIsNoTerm) {
  EXPECT_TRUE(canon("two cars, three years, one of the buyers, a hundred reasons, the first offer").empty());
  EXPECT_TRUE(canon("nineteen hundred, five hundred and ten units, twenty-one, half the price").empty());
  EXPECT_TRUE(canon("a one-time fee, a two-year lease").empty());
}

TEST(DealNumbers, TheArticleAloneNeedsACurrencyToCountAsMoney) {
  EXPECT_TRUE(canon("I told you a thousand times, for a million reasons; one in a million").empty());
  EXPECT_EQ(canon("a million dollars, a hundred thousand dollars"), (V{"USD 1000000", "USD 100000"}));
  EXPECT_EQ(canon("a hundred and fifty thousand"), V{"? 150000"});
}

TEST(DealNumbers, AHundredPercentInWordsIsCertaintyNotATerm) {
  EXPECT_TRUE(canon("I am a hundred percent sure, one hundred percent").empty());
  EXPECT_EQ(canon("100%"), V{"100%"});
}

TEST(DealNumbers, AYearInWordsIsNotMoney) {
  EXPECT_TRUE(canon("back in two thousand nineteen, by two thousand and twenty-seven").empty());
  EXPECT_EQ(canon("two thousand dollars"), V{"USD 2000"});
}

TEST(DealNumbers, AMillionFollowedByAnUnrelatedCountEndsAtTheMillion) {
  EXPECT_EQ(raws("two million three years from now"), V{"two million"});
  EXPECT_EQ(canon("two million three million"), (V{"? 2000000", "? 3000000"}));
}

TEST(DealNumbers, BareNumbersInWordsCanBeReadAsMoneyForTheKnownSide) {
  EXPECT_EQ(canon("I offer nineteen hundred", BareNumbers::as_money), V{"? 1900"});
  EXPECT_TRUE(canon("I offer nineteen hundred").empty());
}

TEST(DealNumbers, ScanWordAmountIsNulloptWhereNoNumberWordStarts) {
  std::vector<DealTerm> out;
  EXPECT_FALSE(detail::scan_word_amount("cars", 0, BareNumbers::ignored, out));
  EXPECT_FALSE(detail::scan_word_amount("a car", 0, BareNumbers::ignored, out));
  EXPECT_EQ(detail::scan_word_amount("two cars", 0, BareNumbers::ignored, out), 3u);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(detail::scan_word_amount("two million dollars now", 0, BareNumbers::ignored, out), 19u);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].raw, "two million dollars");
}

TEST(DealNumbers, ScanAmountAppendsTheTermsAndReturnsTheirEnd) {
  std::vector<DealTerm> out;
  const std::string text = "pay $400-500k now";
  EXPECT_EQ(detail::scan_amount(text, 4, BareNumbers::ignored, out), 13u);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].raw, "$400-500k");
  EXPECT_EQ(out[1].canonical, "USD 500000");
}

TEST(DealNumbers, ScanAmountAppendsNothingForASmallBareNumber) {
  std::vector<DealTerm> out;
  EXPECT_EQ(detail::scan_amount("999 units", 0, BareNumbers::as_money, out), 3u);
  EXPECT_TRUE(out.empty());
}

TEST(DealNumbers, CurrencyMarkersAreSymbolsOrCodes) {
  EXPECT_EQ(detail::currency_symbol_at("\xE2\x82\xAC"
                                       "5",
                                       0)
                ->code,
            "EUR");
  EXPECT_EQ(detail::currency_code_at("gbp 5", 0)->end, 3u);
  EXPECT_FALSE(detail::currency_code_at("usda", 0));
  EXPECT_FALSE(detail::currency_symbol_at("5$", 0));
}

}  // namespace
}  // namespace dq::pipeline
