#include "bot/pipeline/faithfulness.hpp"

#include <gtest/gtest.h>

namespace dq::pipeline {
namespace {

const std::vector<std::string> kFacts = {"Asking price: $450,000 for the business",
                                         "Closing date: March 1, 2027", "Staff bonus pool: 5% of profit",
                                         "Equipment lease: 80,000 USD a year"};

std::vector<std::string> with(std::vector<std::string> known, std::string message) {
  known.push_back(std::move(message));
  return known;
}

TEST(Faithfulness, AReplyWithNoDealTermsIsFaithful) {
  auto r = check_faithfulness("Let me think about it.", kFacts);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.describe(), "");
}

TEST(Faithfulness, AReplyQuotingTheFactsInOtherWordsIsFaithful) {
  auto r = check_faithfulness("We want $450k, close on 2027-03-01, and keep 5 percent for staff.", kFacts);
  EXPECT_TRUE(r.ok()) << r.describe();
}

TEST(Faithfulness, AmountsCompareByValueWhateverTheWriting) {
  for (std::string_view reply :
       {"$450k", "450,000 USD", "$450,000.00", "USD 450 000", "450 thousand dollars"})
    EXPECT_TRUE(check_faithfulness(reply, kFacts).ok()) << reply;
  EXPECT_TRUE(check_faithfulness("$80k", kFacts).ok());
}

TEST(Faithfulness, PercentagesCompareByValueWhateverTheWriting) {
  const std::vector<std::string> known = {"Equity: 12% of the company, fee 2.5 percent"};
  for (std::string_view reply : {"12%", "12 percent", "12 per cent", "12.0 %", "2.50%"})
    EXPECT_TRUE(check_faithfulness(reply, known).ok()) << reply;
}

TEST(Faithfulness, FlagsAnAmountThatIsInNeitherFactsNorConversation) {
  auto r = check_faithfulness("Fine, $390,000 it is.", kFacts);
  ASSERT_EQ(r.invented.size(), 1u);
  EXPECT_EQ(r.invented[0].raw, "$390,000");
  EXPECT_EQ(r.describe(), "invented money $390,000 (not in the facts or the conversation)");
}

// Each invented amount written in words or with a slang magnitude is flagged and named by its raw text.
TEST(Faithfulness, FlagsInventedAmountsInWordsAndSlangMagnitudes) {
  for (std::string_view invented :
       {"two million", "nineteen hundred thousand", "twenty-five percent",
        "seventeen thousand five hundred dollars", "one and a half million", "half a million",
        "a hundred thousand dollars", "2 mil", "$3 mil", "5 grand", "$1.2bn", "2.5 mill"}) {
    const std::string reply = "Fine: " + std::string(invented) + " even, take it or leave it.";
    auto r = check_faithfulness(reply, kFacts);
    ASSERT_EQ(r.invented.size(), 1u) << reply;
    EXPECT_EQ(r.invented[0].raw, invented);
    EXPECT_EQ(r.describe(), "invented " + std::string(to_string(r.invented[0].kind)) + " " +
                                std::string(invented) + " (not in the facts or the conversation)");
  }
}

TEST(Faithfulness, FlagsBothEndsOfAnInventedRangeInWords) {
  auto r = check_faithfulness("Somewhere between two and three million.", kFacts);
  ASSERT_EQ(r.invented.size(), 2u);
  EXPECT_EQ(r.invented[0].canonical, "? 2000000");
  EXPECT_EQ(r.invented[1].canonical, "? 3000000");
  EXPECT_EQ(r.describe(), "invented money two and three million (not in the facts or the conversation)");
}

TEST(Faithfulness, AFactRestatedInWordsOrWithASlangMagnitudeIsFaithful) {
  const std::vector<std::string> known = {"Price: $2,100,000", "Deposit: $17,500", "Fee: 25%", "Cap: $5,000"};
  for (std::string_view reply :
       {"$2.1 million", "two million one hundred thousand dollars", "seventeen thousand five hundred",
        "twenty-five percent", "5 grand", "five grand", "2.1 mil"})
    EXPECT_TRUE(check_faithfulness(reply, known).ok()) << reply;
  EXPECT_TRUE(check_faithfulness("$2,100,000", {"two million one hundred thousand dollars"}).ok());
  EXPECT_TRUE(check_faithfulness("$450,000", {"four hundred and fifty thousand"}).ok());
}

TEST(Faithfulness, NumbersInWordsThatAreNoAmountAreNotFlagged) {
  auto r = check_faithfulness(
      "I have two cars and three years left; one of the buyers had a hundred reasons to walk, and our first "
      "offer stood. I am a hundred percent sure, I told you a thousand times.",
      kFacts);
  EXPECT_TRUE(r.ok()) << r.describe();
}

TEST(Faithfulness, FlagsACurrencyThatDiffersFromTheKnownOne) {
  EXPECT_FALSE(check_faithfulness("The lease is €80k.", kFacts).ok());
  EXPECT_FALSE(check_faithfulness("That would be €450,000.", kFacts).ok());
  EXPECT_FALSE(check_faithfulness("$80k", {"The lease is €80k"}).ok());
}

TEST(Faithfulness, AnAmountWithNoCurrencyMatchesAnyCurrencyOfTheSameValue) {
  EXPECT_TRUE(check_faithfulness("That would be 450,000.", kFacts).ok());
  EXPECT_TRUE(check_faithfulness("That would be €95,000.", {"Budget: 95,000"}).ok());
  EXPECT_FALSE(check_faithfulness("That would be 460,000.", kFacts).ok());
}

TEST(Faithfulness, AmountsTheTraineeSaidMayBeRepeated) {
  EXPECT_TRUE(check_faithfulness("$400k? No.", with(kFacts, "Would you take 400,000 dollars?")).ok());
  // Trainees type bare numbers; the counterpart may quote them back formatted.
  EXPECT_TRUE(check_faithfulness("$400,000? No.", with(kFacts, "I offer 400000")).ok());
}

TEST(Faithfulness, AnAmountTheCounterpartSaidEarlierMayBeRepeated) {
  auto known = with(kFacts, "I could take 420,000 USD.");  // an earlier counterpart message
  known.push_back("Still too much.");                      // the current user message
  EXPECT_TRUE(check_faithfulness("As I said, $420k is my floor.", known).ok());
  EXPECT_FALSE(check_faithfulness("As I said, $420k is my floor.", kFacts).ok());
}

TEST(Faithfulness, FlagsAnInventedDateAndAnInventedPercentage) {
  auto r = check_faithfulness("We close June 5, 2027 with a 7% bonus pool.", kFacts);
  ASSERT_EQ(r.invented.size(), 2u);
  EXPECT_EQ(r.invented[0].kind, TermKind::date);
  EXPECT_EQ(r.invented[1].kind, TermKind::percent);
}

TEST(Faithfulness, DescribeNamesEachInventedTermOnceInReplyOrder) {
  auto r = check_faithfulness("June 5, 2027 at 7%, I repeat: 7%, and $500,000.", kFacts);
  EXPECT_EQ(r.invented.size(), 4u);
  EXPECT_EQ(r.describe(),
            "invented date June 5, 2027 (not in the facts or the conversation); "
            "invented percent 7% (not in the facts or the conversation); "
            "invented money $500,000 (not in the facts or the conversation)");
}

TEST(Faithfulness, DatesMatchStrictlyByPrecision) {
  EXPECT_FALSE(check_faithfulness("We close in March 2027.", kFacts).ok());
  EXPECT_FALSE(check_faithfulness("We close on March 1, 2027.", {"Closing: March 2027"}).ok());
  EXPECT_TRUE(check_faithfulness("Delivery in Q3 2027.", {"Delivery: Q3, 2027"}).ok());
  EXPECT_FALSE(check_faithfulness("Delivery in Q4 2027.", {"Delivery: Q3, 2027"}).ok());
}

TEST(Faithfulness, ADateWithoutAYearMatchesTheKnownDay) {
  EXPECT_TRUE(check_faithfulness("We close on March 1.", kFacts).ok());
  EXPECT_TRUE(check_faithfulness("We close on the 1st of March.", kFacts).ok());
  EXPECT_FALSE(check_faithfulness("We close on March 2.", kFacts).ok());
}

TEST(Faithfulness, AnAmbiguousNumericDateMatchesThroughEitherReading) {
  EXPECT_TRUE(check_faithfulness("Closing 03/01/2027.", kFacts).ok());  // March 1 read month first
  EXPECT_TRUE(check_faithfulness("Closing 01/03/2027.", kFacts).ok());  // 1 March read day first
  EXPECT_FALSE(check_faithfulness("Closing 01.04.2027.", kFacts).ok());
}

TEST(Faithfulness, YearsTimesAndCountsAreIgnored) {
  EXPECT_TRUE(check_faithfulness(
                  "I have run this shop since 2019 with 3 bakers; call me at 10:30 on 555-0100.", kFacts)
                  .ok());
}

TEST(Faithfulness, AMegabyteReplyAgainstAMegabyteOfConversationCompletes) {
  std::string reply;
  std::string history;
  for (int i = 0; reply.size() < 1'000'000; ++i) {
    reply += "How about $" + std::to_string(1000 + i % 5000) + ",000 by March 3, 2027 at 12%? ";
    history += "Earlier: $" + std::to_string(1000 + i % 4000) + ",000 and 12 percent on 2027-03-03. ";
  }
  auto r = check_faithfulness(reply, {history});
  EXPECT_FALSE(r.ok());
  for (const auto& term : r.invented) EXPECT_EQ(term.kind, TermKind::money);
}

}  // namespace
}  // namespace dq::pipeline
