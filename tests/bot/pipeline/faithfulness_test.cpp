#include "bot/pipeline/faithfulness.hpp"

#include <gtest/gtest.h>

namespace dq::pipeline {
namespace {

const std::vector<std::string> kFacts = {"Asking price: $450,000 for the business",
                                         "Closing date: March 1, 2027", "Staff bonus pool: 5% of profit"};

TEST(Faithfulness, AReplyQuotingTheFactsInOtherWordsIsFaithful) {
  auto r = check_faithfulness("We want $450k, close on 2027-03-01, and keep 5 percent for staff.", kFacts);
  EXPECT_TRUE(r.ok()) << r.describe();
  EXPECT_EQ(r.describe(), "");
}

TEST(Faithfulness, FlagsAnAmountThatIsInNeitherFactsNorConversation) {
  auto r = check_faithfulness("Fine, $390,000 it is.", kFacts);
  ASSERT_EQ(r.invented.size(), 1u);
  EXPECT_EQ(r.invented[0].raw, "$390,000");
  EXPECT_EQ(r.describe(), "invented amount '$390,000' (not in the facts or the conversation so far)");
}

TEST(Faithfulness, AmountsTheTraineeSaidMayBeRepeated) {
  auto known = kFacts;
  known.push_back("Would you take 400,000 dollars?");
  EXPECT_TRUE(check_faithfulness("$400k? No.", known).ok());
}

TEST(Faithfulness, CurrencyMustAgreeWhenBothSidesWriteOne) {
  EXPECT_FALSE(check_faithfulness("That would be €450,000.", kFacts).ok());
  EXPECT_TRUE(check_faithfulness("That would be 450,000.", kFacts).ok());
}

TEST(Faithfulness, InventedDatesAndPercentagesAreNamed) {
  auto r = check_faithfulness("We close June 5, 2027 with a 7% bonus pool.", kFacts);
  ASSERT_EQ(r.invented.size(), 2u);
  EXPECT_EQ(
      r.describe(),
      "invented date 'June 5, 2027', invented percentage '7%' (not in the facts or the conversation so far)");
}

TEST(Faithfulness, ADateWithoutAYearMatchesTheKnownDay) {
  EXPECT_TRUE(check_faithfulness("We close on March 1.", kFacts).ok());
  EXPECT_FALSE(check_faithfulness("We close on March 2.", kFacts).ok());
}

TEST(Faithfulness, NumbersThatAreNotDealTermsAreIgnored) {
  EXPECT_TRUE(
      check_faithfulness("I have run this shop since 2019 with 3 bakers; call me at 10:30.", kFacts).ok());
}

}  // namespace
}  // namespace dq::pipeline
