#pragma once

#include "command-arguments.h"

namespace parley::licensing {

// init, public-key, license …, machine …: each returns the exit code and
// writes its result to stdout (text, or JSON with --json).
int run_init(CommandArguments& args);
int run_public_key(CommandArguments& args);
int run_license_command(const std::string& action, CommandArguments& args);
int run_machine_command(const std::string& action, CommandArguments& args);

}  // namespace parley::licensing
