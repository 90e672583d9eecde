#pragma once

#include "child-process.h"

#include <string>
#include <vector>

namespace parley::test {

// Runs a program to completion with its stdin, stdout and stderr on a new
// pseudo-terminal, as from an interactive shell, and returns everything it
// wrote there in `out`. The terminal is in raw mode, so `out` holds exactly
// the bytes the program wrote (no newline translation).
ProcessResult run_on_terminal(const std::string& program, const std::vector<std::string>& args,
                              const Environment& env = {});

}  // namespace parley::test
