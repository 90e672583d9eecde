#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace parley {

// Everything parley-cli writes for people passes through here. Much of it
// comes from others: a model's reply, an imported archive's titles, a
// server's model ids and error text. Any of them can carry terminal control
// sequences that set the window title, write the clipboard (OSC 52),
// disguise links (OSC 8), move the cursor to rewrite what was shown, or
// reach a terminal's bugs. On a terminal, every C0 control but newline and
// tab, DEL, and every C1 control (U+0080-U+009F, and bytes that are not
// UTF-8, which a terminal may read as C1) is shown as a visible symbol
// instead. Output to a pipe or a file, and JSON, stay byte for byte.

// Makes bytes safe to show, keeping state between calls: a UTF-8 sequence
// or a CR LF split between two writes (two streamed deltas) is judged whole.
class TerminalTextFilter {
public:
    // Appends the shown form of `bytes` to `out`. An incomplete UTF-8
    // sequence or a CR at the end is held back for the next call.
    void filter(std::string_view bytes, std::string& out);
    // The text has ended: shows what is held back.
    void finish(std::string& out);

private:
    std::string held_;
};

// While it lives, std::cout and std::cerr pass through a TerminalTextFilter
// each when they are terminals. One lives for the whole of main().
class TerminalOutput {
public:
    TerminalOutput();
    ~TerminalOutput();
    TerminalOutput(const TerminalOutput&) = delete;
    TerminalOutput& operator=(const TerminalOutput&) = delete;

private:
    class FilteringBuffer;
    std::unique_ptr<FilteringBuffer> out_;
    std::unique_ptr<FilteringBuffer> err_;
};

// Output for programs (JSON), written to stdout exactly as given, terminal
// or not: its strings are already escaped.
void write_machine_output(std::string_view bytes);

}  // namespace parley
