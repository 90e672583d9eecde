#pragma once

#include "vault/secret.h"

#include <string>

namespace parley {

bool stdin_is_terminal();
bool stdout_is_terminal();
bool stderr_is_terminal();
// Prompts on the terminal and reads one line with echo off, so a key or a
// passphrase never appears on screen or in a terminal's scrollback.
Secret read_hidden_line(const std::string& prompt);

}  // namespace parley
