#pragma once

#include <Poco/Process.h>

// What a test does to a child process that differs per OS (chosen by CMake).
namespace parley::test {

// Ends the child at once (SIGKILL; TerminateProcess on Windows).
void kill_child(const Poco::ProcessHandle& child);
// POSIX signals; on Windows only what has a meaning there is accepted.
void signal_child(const Poco::ProcessHandle& child, int signal_number);
// Waits for the exit: the exit code, or 128+N for a POSIX signal N.
int wait_child(const Poco::ProcessHandle& child);

}  // namespace parley::test
