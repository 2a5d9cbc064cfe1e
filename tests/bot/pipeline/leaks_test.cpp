#include "bot/pipeline/leaks.hpp"

#include <gtest/gtest.h>

namespace dq::pipeline {
namespace {

const std::string kCarGoal = "sell the car for at least $17,500 and attach the extended warranty";
const std::vector<std::string> kCarFacts = {"2016 Honda Civic, 84,000 miles", "Asking price: $19,900"};

std::vector<std::string> with(std::vector<std::string> known, std::string message) {
  known.push_back(std::move(message));
  return known;
}

TEST(Leaks, AReplyWithNoDealTermsDoesNotLeak) {
  auto r = check_leaks("Let me think about it.", kCarGoal, kCarFacts);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.describe(), "");
}

TEST(Leaks, StatingTheGoalAmountIsALeak) {
  auto r = check_leaks("I could do $17,500.", kCarGoal, kCarFacts);
  ASSERT_EQ(r.leaked.size(), 1u);
  EXPECT_EQ(r.leaked[0].kind, TermKind::money);
  EXPECT_EQ(r.leaked[0].raw, "$17,500");
}

TEST(Leaks, TheGoalAmountWrittenAnotherWayIsALeak) {
  for (std::string_view amount :
       {"17.5k", "17,500 dollars", "$17.5k", "seventeen thousand five hundred dollars", "17,500"}) {
    const std::string reply = "I could do " + std::string(amount) + ", no lower.";
    auto r = check_leaks(reply, kCarGoal, kCarFacts);
    ASSERT_EQ(r.leaked.size(), 1u) << reply;
    EXPECT_EQ(r.leaked[0].raw, amount);
  }
}

TEST(Leaks, TheGoalAmountTheTraineeSaidEarlierIsNoLeak) {
  EXPECT_TRUE(check_leaks("I could do $17,500.", kCarGoal, with(kCarFacts, "Would you take $17,500?")).ok());
  // Trainees type bare numbers; the counterpart may quote them back.
  EXPECT_TRUE(check_leaks("17.5k, then.", kCarGoal, with(kCarFacts, "I offer 17500")).ok());
}

TEST(Leaks, TheGoalAmountTheCounterpartSaidEarlierIsNoLongerALeak) {
  auto known = with(kCarFacts, "I won't go below $17,500.");  // an earlier counterpart message
  known.push_back("Come on, be reasonable.");                 // the current user message
  EXPECT_TRUE(check_leaks("As I said, 17.5k.", kCarGoal, known).ok());
}

TEST(Leaks, TheGoalAmountInTheFactsIsNoLeak) {
  EXPECT_TRUE(check_leaks("I could do $17,500.", kCarGoal, {"Lowest listed price: $17,500"}).ok());
}

TEST(Leaks, ADifferentAmountIsNoLeak) {
  EXPECT_TRUE(check_leaks("I could do $18,000.", kCarGoal, kCarFacts).ok());
  EXPECT_TRUE(check_leaks("It's listed at $19,900.", kCarGoal, kCarFacts).ok());
}

TEST(Leaks, TheGoalValueInAnotherCurrencyIsNoLeak) {
  EXPECT_TRUE(check_leaks("I could do €17,500.", kCarGoal, kCarFacts).ok());
}

TEST(Leaks, ABareNumberInTheGoalCountsAsAnAmount) {
  auto r = check_leaks("I could do $17,500.", "get at least 17500 for the car", kCarFacts);
  ASSERT_EQ(r.leaked.size(), 1u);
  EXPECT_EQ(r.leaked[0].raw, "$17,500");
}

TEST(Leaks, APercentageFromTheGoalIsALeak) {
  const std::string goal = "keep the raise under 8% and protect the bonus";
  const std::vector<std::string> facts = {"Current salary: $85,000", "Company-wide raise budget: 3%"};
  auto r = check_leaks("I could stretch to 8 percent, at most.", goal, facts);
  ASSERT_EQ(r.leaked.size(), 1u);
  EXPECT_EQ(r.leaked[0].kind, TermKind::percent);
  EXPECT_EQ(r.leaked[0].raw, "8 percent");
  EXPECT_TRUE(check_leaks("The budget is 3 percent.", goal, facts).ok());
  EXPECT_TRUE(check_leaks("Maybe 5%.", goal, facts).ok());
}

TEST(Leaks, ADateFromTheGoalIsALeak) {
  const std::string goal = "sign before June 30, 2027, when the quarter closes";
  const std::vector<std::string> facts = {"Contract start: July 1, 2027"};
  for (std::string_view date : {"June 30, 2027", "2027-06-30", "June 30"}) {
    const std::string reply = "We need it signed by " + std::string(date) + ".";
    auto r = check_leaks(reply, goal, facts);
    ASSERT_EQ(r.leaked.size(), 1u) << reply;
    EXPECT_EQ(r.leaked[0].kind, TermKind::date);
    EXPECT_EQ(r.leaked[0].raw, date);
  }
  EXPECT_TRUE(check_leaks("We start on July 1, 2027.", goal, facts).ok());
  EXPECT_TRUE(check_leaks("By June 30, 2027?", goal, with(facts, "Can we sign by 2027-06-30?")).ok());
}

TEST(Leaks, AGoalWithNoTermsNeverLeaks) {
  const std::string goal = "get the extended warranty attached and stay friendly";
  EXPECT_TRUE(check_leaks("I could do $17,500 by June 30, 2027 at 8%.", goal, {}).ok());
  EXPECT_TRUE(check_leaks("I could do $17,500.", "", {}).ok());
}

TEST(Leaks, DescribeNamesEachLeakedTermOnceInReplyOrder) {
  const std::string goal = "at least $17,500, 8% financing, delivery by June 30, 2027";
  auto r = check_leaks("June 30, 2027 works; $17,500 firm, I repeat: $17,500, and 8% on top. Not $18,000.",
                       goal, kCarFacts);
  EXPECT_EQ(r.leaked.size(), 4u);
  EXPECT_EQ(r.describe(),
            "leaked date June 30, 2027 from the private goal (not in the facts or the conversation); "
            "leaked money $17,500 from the private goal (not in the facts or the conversation); "
            "leaked percent 8% from the private goal (not in the facts or the conversation)");
}

}  // namespace
}  // namespace dq::pipeline
