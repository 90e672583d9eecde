// Text from models, servers and archives on a terminal: control sequences
// are shown, never obeyed; pipes and JSON get the bytes exactly.
#include "terminal-output.h"
#include "cli-harness.h"
#include "fake-provider.h"
#include "terminal-process.h"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace parley;
using namespace parley::test;

namespace {

const std::string kEsc = "\xE2\x90\x9B";          // ␛
const std::string kBel = "\xE2\x90\x87";          // ␇
const std::string kCr = "\xE2\x90\x8D";           // ␍
const std::string kDel = "\xE2\x90\xA1";          // ␡
const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

std::string shown(std::initializer_list<std::string_view> writes) {
    TerminalTextFilter filter;
    std::string out;
    for (const auto write : writes) filter.filter(write, out);
    filter.finish(out);
    return out;
}

// What the fake provider's `escapes` reply is, delta by delta joined.
const std::string kHostileReply =
    "Title\x1b]0;pwned\x07 clip\x1b]52;c;c2VjcmV0\x1b\\ \x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\ "
    "clear\x1b[2J c1\xc2\x9b"
    "31m del\x7f bell\x07 cr\rover \xc3\xa9 ok\r\n";

// No byte a terminal would act on, but newline and tab.
void check_defused(const std::string& bytes) {
    BOOST_TEST(bytes.find('\x1b') == std::string::npos, bytes);
    BOOST_TEST(bytes.find('\x07') == std::string::npos, bytes);
    BOOST_TEST(bytes.find('\x7f') == std::string::npos, bytes);
    BOOST_TEST(bytes.find('\r') == std::string::npos, bytes);
    for (unsigned char c1 = 0x80; c1 <= 0x9F; ++c1) {
        BOOST_TEST(bytes.find(std::string("\xC2") + static_cast<char>(c1)) == std::string::npos, bytes);
    }
}

struct Fixture {
    FakeProvider server;
    CliHarness cli;

    Fixture() {
        // A local OpenAI-compatible server needs no key.
        const auto added = cli.run({"provider", "add", "p", "--kind", "openai-compatible", "--base-url",
                                    server.origin() + "/v1", "--model", "m"});
        BOOST_TEST_REQUIRE(added.exit_code == 0, added.err);
    }
    ProcessResult on_terminal(const std::vector<std::string>& args) {
        return run_on_terminal(cli_path(), args, cli.env());
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(terminal_text_filter)

BOOST_AUTO_TEST_CASE(controls_are_shown_as_symbols_and_text_passes_unchanged) {
    BOOST_TEST(shown({"a\x1b[2Jb"}) == "a" + kEsc + "[2Jb");
    BOOST_TEST(shown({"\x1b]0;t\x07"}) == kEsc + "]0;t" + kBel);
    BOOST_TEST(shown({"x\x7fy"}) == "x" + kDel + "y");
    BOOST_TEST(shown({std::string("\0", 1)}) == "\xE2\x90\x80");
    BOOST_TEST(shown({"lines\nand\ttabs"}) == "lines\nand\ttabs");
    BOOST_TEST(shown({"dos\r\nline"}) == "dos\nline");
    BOOST_TEST(shown({"over\rwrite"}) == "over" + kCr + "write");
    BOOST_TEST(shown({"Ünïcödé 中文 🙂 \xC2\xA0"}) == "Ünïcödé 中文 🙂 \xC2\xA0");
}

BOOST_AUTO_TEST_CASE(c1_controls_and_bytes_that_are_not_utf8_are_replaced) {
    BOOST_TEST(shown({"\xC2\x9B"
                      "31m"}) == kReplacement + "31m");  // CSI as U+009B
    BOOST_TEST(shown({"\xC2\x9D"
                      "52;c;x"}) == kReplacement + "52;c;x");  // OSC
    BOOST_TEST(shown({"\xC2\x80\xC2\x9F"}) == kReplacement + kReplacement);
    // A raw 0x9B is CSI to a terminal in an 8-bit mode.
    BOOST_TEST(shown({"\x9B"
                      "2J"}) == kReplacement + "2J");
    BOOST_TEST(shown({"\xFF"}) == kReplacement);
    // Overlong forms of C1 and ESC, and a surrogate.
    BOOST_TEST(shown({"\xC0\x9B"}) == kReplacement + kReplacement);
    BOOST_TEST(shown({"\xE0\x80\x9B"}) == kReplacement + kReplacement + kReplacement);
    BOOST_TEST(shown({"\xED\xA0\x80"}) == kReplacement + kReplacement + kReplacement);
}

BOOST_AUTO_TEST_CASE(sequences_split_between_writes_are_judged_whole) {
    BOOST_TEST(shown({"clear\x1b", "[2J"}) == "clear" + kEsc + "[2J");
    BOOST_TEST(shown({"a\xC2",
                      "\x9B"
                      "b"}) == "a" + kReplacement + "b");
    BOOST_TEST(shown({"\xC3", "\xA9"}) == "é");
    BOOST_TEST(shown({"\xF0\x9F", "\x99", "\x82!"}) == "🙂!");
    BOOST_TEST(shown({"line\r", "\nnext"}) == "line\nnext");
    BOOST_TEST(shown({"line\r", "next"}) == "line" + kCr + "next");
    // Text that ends inside a sequence.
    BOOST_TEST(shown({"cut \xE4\xB8"}) == "cut " + kReplacement);
    BOOST_TEST(shown({"end\r"}) == "end" + kCr);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cli_on_a_terminal)

BOOST_AUTO_TEST_CASE(a_reply_full_of_escape_sequences_reaches_a_terminal_defused_and_a_pipe_exact) {
    Fixture f;
    const auto piped = f.cli.run({"chat", "-m", "m+escapes", "hi"});
    BOOST_TEST(piped.exit_code == 0, piped.err);
    BOOST_TEST(piped.out == kHostileReply);

    const auto terminal = f.on_terminal({"chat", "-m", "m+escapes", "hi"});
    BOOST_TEST(terminal.exit_code == 0, terminal.out);
    check_defused(terminal.out);
    BOOST_TEST(terminal.out == "Title" + kEsc + "]0;pwned" + kBel + " clip" + kEsc + "]52;c;c2VjcmV0" + kEsc + "\\ " +
                                   kEsc + "]8;;https://evil.example/" + kEsc + "\\link" + kEsc + "]8;;" + kEsc +
                                   "\\ clear" + kEsc + "[2J c1" + kReplacement + "31m del" + kDel + " bell" + kBel +
                                   " cr" + kCr + "over é ok\n");
    // What was saved is what the model sent.
    const auto saved = f.cli.run_json({"history", "show", "1", "--json"});
    BOOST_TEST(saved["messages"].at(1)["content"] == kHostileReply);
}

BOOST_AUTO_TEST_CASE(history_from_a_hostile_archive_reaches_a_terminal_defused_and_json_exact) {
    Fixture f;
    BOOST_REQUIRE(f.cli.run({"chat", "-m", "m+escapes", "hi"}).exit_code == 0);
    // An archive whose title sets the terminal's title.
    const auto file = f.cli.home() / "hostile.json";
    auto archive = nlohmann::json::parse(f.cli.run({"history", "export", "1", "--format", "json"}).out);
    archive["title"] = "\x1b]0;pwned\x07Innocent";
    archive["uuid"] = "0badc0de-0000-4000-8000-000000000000";
    std::ofstream(file, std::ios::binary) << archive.dump();
    const auto imported = f.cli.run({"history", "import", file.string()});
    BOOST_REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);

    const std::vector<std::vector<std::string>> for_people = {{"history", "list"},
                                                              {"history", "show", "2"},
                                                              {"history", "search", "clip"},
                                                              {"history", "export", "2", "--format", "markdown"}};
    for (const auto& command : for_people) {
        const auto piped = f.cli.run(command);
        const auto terminal = f.on_terminal(command);
        BOOST_TEST(terminal.exit_code == 0, terminal.out);
        BOOST_TEST(piped.out.find('\x1b') != std::string::npos, "a pipe gets the bytes: " << piped.out);
        check_defused(terminal.out);
        BOOST_TEST(terminal.out.find(kEsc + "]0;pwned" + kBel) != std::string::npos, terminal.out);
    }
    // JSON is for programs: the same bytes on a terminal as in a pipe.
    const std::vector<std::vector<std::string>> for_programs = {{"history", "list", "--json"},
                                                                {"history", "show", "2", "--json"},
                                                                {"history", "search", "clip", "--json"},
                                                                {"history", "export", "2", "--format", "json"}};
    for (const auto& command : for_programs) {
        const auto piped = f.cli.run(command);
        const auto terminal = f.on_terminal(command);
        BOOST_TEST(terminal.exit_code == 0, terminal.out);
        BOOST_TEST(terminal.out == piped.out);
    }
}

BOOST_AUTO_TEST_CASE(a_provider_error_reaches_a_terminal_defused_and_a_pipe_exact) {
    Fixture f;
    const auto piped = f.cli.run({"chat", "-m", "m+status400+escapes", "hi"});
    BOOST_TEST(piped.exit_code == 3);
    BOOST_TEST(piped.err.find("Title\x1b]0;pwned\x07") != std::string::npos, piped.err);

    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"chat", "-m", "m+status400+escapes", "hi"},
          std::vector<std::string>{"provider", "test", "p", "-m", "m+status400+escapes"}}) {
        const auto terminal = f.on_terminal(command);
        BOOST_TEST(terminal.exit_code == 3);
        check_defused(terminal.out);
        BOOST_TEST(terminal.out.find("Title" + kEsc + "]0;pwned" + kBel) != std::string::npos, terminal.out);
    }
}

BOOST_AUTO_TEST_SUITE_END()
