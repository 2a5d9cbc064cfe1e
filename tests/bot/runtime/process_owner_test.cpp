#include "bot/runtime/process_owner.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace dq::runtime {
namespace {

TEST(ProcessOwner, ThisProcessIsAliveAndAnExitedChildIsNot) {
  const std::string me = process_identity();
  EXPECT_TRUE(process_alive(me)) << me;
  EXPECT_NE(me.find(":" + std::to_string(getpid()) + ":"), std::string::npos) << me;

  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(0);
  // The child's identity, as it would have written it: our host, its pid, its start time (read while it is
  // a zombie, which is already dead).
  const std::string host = me.substr(0, me.find(':'));
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_FALSE(process_alive(host + ":" + std::to_string(child) + ":123")) << "gone";
}

TEST(ProcessOwner, ALaterProcessWithTheSamePidIsNotTheOwner) {
  const std::string me = process_identity();
  const std::string other_start = me.substr(0, me.rfind(':')) + ":1";
  EXPECT_FALSE(process_alive(other_start)) << "same pid, another start time: the pid was reused";
}

TEST(ProcessOwner, ARunOwnedOnAnotherHostOrWithAnUnreadableOwnerIsTakenToBeAlive) {
  EXPECT_TRUE(process_alive("some-other-host:1:1"));
  EXPECT_TRUE(process_alive("garbage"));
}

}  // namespace
}  // namespace dq::runtime
