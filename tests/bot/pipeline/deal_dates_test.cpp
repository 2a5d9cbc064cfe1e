#include "bot/pipeline/deal_dates.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/bot/pipeline/deal_terms_text.hpp"

namespace dq::pipeline {
namespace {

TEST(DealDates, ReadsDayPrecisionDatesInEveryWriting) {
  EXPECT_EQ(canon("Closing on 2027-03-03."), V{"2027-03-03"});
  EXPECT_EQ(canon("March 3, 2027 or 3 March 2027 or Mar 3 2027 or Mar. 3rd, 2027"),
            (V{"2027-03-03", "2027-03-03", "2027-03-03", "2027-03-03"}));
  EXPECT_EQ(canon("on the 1st of September 2026, or Sept 2 2026"), (V{"2026-09-01", "2026-09-02"}));
  EXPECT_EQ(canon("2027/03/03 and 2027-03-03T10:00:00Z"), (V{"2027-03-03", "2027-03-03"}));
}

TEST(DealDates, ReadsMonthAndQuarterPrecisionDates) {
  EXPECT_EQ(canon("starting March 2027, or March, 2027, or 2027-03."), (V{"2027-03", "2027-03", "2027-03"}));
  EXPECT_EQ(canon("delivery in Q3 2027 or q4, 2027"), (V{"2027-Q3", "2027-Q4"}));
}

TEST(DealDates, ADateWithoutAYearHasNoYearInItsCanonicalForm) {
  EXPECT_EQ(canon("by June 5th, or 5 June, or March 3."), (V{"--06-05", "--06-05", "--03-03"}));
}

TEST(DealDates, NumericDatesTakeTheOnlyPossibleReadingAndKeepBothWhenAmbiguous) {
  EXPECT_EQ(canon("by 04/15/2027 or 15/04/2027 or 15.04.2027"),
            (V{"2027-04-15", "2027-04-15", "2027-04-15"}));
  auto ambiguous = extract_deal_terms("by 04/03/2027");
  ASSERT_EQ(ambiguous.size(), 1u);
  EXPECT_EQ(ambiguous[0].canonical, "2027-04-03");
  EXPECT_EQ(ambiguous[0].alternative, "2027-03-04");
  EXPECT_TRUE(canon("13/13/2027, February 30, 2027-13-01").empty());
}

TEST(DealDates, TheVerbMayIsNotAMonth) {
  EXPECT_TRUE(canon("you may 3 times ask").empty());
  EXPECT_EQ(canon("by May 3 or MAY 4"), (V{"--05-03", "--05-04"}));
}

// The kMonthNames entries: every name, its three-letter and extra abbreviations, and the capital rule.
TEST(DealDates, EveryMonthIsReadByItsNameAndAbbreviations) {
  for (std::size_t m = 0; m < detail::kMonthNames.size(); ++m) {
    const detail::MonthName& entry = detail::kMonthNames[m];
    std::string name(entry.name);
    name[0] = static_cast<char>(name[0] - 'a' + 'A');
    const std::string month = (m + 1 < 10 ? "0" : "") + std::to_string(m + 1);
    EXPECT_EQ(canon(name + " 2027"), V{"2027-" + month}) << name;
    if (entry.name.size() > 3) {
      EXPECT_EQ(canon(name.substr(0, 3) + ". 2027"), V{"2027-" + month}) << name;
    }
    if (!entry.extra_abbrev.empty()) {
      EXPECT_EQ(canon(std::string(entry.extra_abbrev) + " 2027"), V{"2027-" + month}) << entry.extra_abbrev;
    }
    const std::string lowercase(entry.name);
    EXPECT_EQ(canon(lowercase + " 2027").empty(), entry.needs_capital) << lowercase;
  }
}

TEST(DealDates, OnlyMayNeedsItsCapitalAndOnlySeptemberHasAnExtraAbbreviation) {
  EXPECT_TRUE(canon("you may 3 times").empty());
  EXPECT_EQ(canon("june 3, sept 4, Sept. 5"), (V{"--06-03", "--09-04", "--09-05"}));
  EXPECT_TRUE(canon("octo 3, janu 4").empty());
}

TEST(DealDates, ReadDateAtWordStartsAtPosAndEndsAfterTheYear) {
  auto d = detail::read_date_at_word("by March 3, 2027.", 3);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->raw, "March 3, 2027");
  EXPECT_EQ(d->offset, 3u);
  EXPECT_EQ(d->kind, TermKind::date);
  EXPECT_FALSE(detail::read_date_at_word("by March 3, 2027.", 0));
  EXPECT_EQ(detail::read_date_at_word("Q2 2026", 0)->canonical, "2026-Q2");
}

TEST(DealDates, ReadDateAtDigitReadsNumericAndDayFirstDates) {
  EXPECT_EQ(detail::read_date_at_digit("15.03.2027", 0)->canonical, "2027-03-15");
  EXPECT_EQ(detail::read_date_at_digit("3rd of March", 0)->canonical, "--03-03");
  EXPECT_FALSE(detail::read_date_at_digit("3 apples", 0));
}

}  // namespace
}  // namespace dq::pipeline
