#pragma once

#include "argument-list.h"

namespace parley::licensing {

// init, public-key, license …, machine …: each returns the exit code and
// writes its result to stdout (text, or JSON with --json).
int run_init(ArgumentList& args);
int run_public_key(ArgumentList& args);
int run_license_command(const std::string& action, ArgumentList& args);
int run_machine_command(const std::string& action, ArgumentList& args);

}  // namespace parley::licensing
