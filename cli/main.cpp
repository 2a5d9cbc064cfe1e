// dealquest-test: everything happens in cli_main, so it can be tested in-process.
#include "cli/commands/commands.hpp"

int main(int argc, char** argv) {
  return dq::cli::cli_main(argc, argv);
}
