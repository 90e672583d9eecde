#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parley::test {

using Environment = std::map<std::string, std::string>;

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs a program to completion, feeding `input` on stdin and capturing
// stdout and stderr (read concurrently, so neither pipe can fill and block).
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::string& input = "", const Environment& env = {});

// A program running in the background: its output is collected as it comes,
// so a test can wait for a given line or byte count.
class ChildProcess {
public:
    ChildProcess(const std::string& program, const std::vector<std::string>& args, const Environment& env = {});
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    long pid() const;
    void write_stdin(const std::string& data);
    void close_stdin();
    // Blocks until stdout holds `count` bytes or the process ends; returns
    // whether the bytes arrived. The deadline only bounds a broken test.
    bool wait_for_stdout(std::size_t count, std::chrono::seconds deadline = std::chrono::seconds(30));
    bool wait_for_stdout_text(const std::string& text, std::chrono::seconds deadline = std::chrono::seconds(30));
    std::string first_stdout_line(std::chrono::seconds deadline = std::chrono::seconds(30));
    void send_signal(int signal_number);
    // Waits for exit and returns the exit code (128+N for a signal N).
    int wait();
    std::string out() const;
    std::string err() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace parley::test
