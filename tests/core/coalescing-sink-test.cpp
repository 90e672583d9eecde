// CoalescingSink: the deltas of one read reach the sink behind it as one
// call, in their order, and a read that ends in an error still hands over
// what came before the error.
#include "providers/coalescing-sink.h"

#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>
#include <vector>

using parley::CoalescingSink;
using parley::ReplySink;

namespace {

// Every call it gets, in order: "t:" text, "r:" reasoning, "flush".
class CallLog final : public ReplySink {
public:
    void on_text(std::string_view text) override { record("t:", text); }
    void on_reasoning(std::string_view text) override { record("r:", text); }
    void flush() override { calls.emplace_back("flush"); }
    std::vector<std::string> calls;
    bool fail_next = false;

private:
    void record(const char* kind, std::string_view text) {
        calls.push_back(kind + std::string(text));
        if (fail_next) {
            fail_next = false;
            throw std::runtime_error("the sink failed");
        }
    }
};

using Calls = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(coalescing_sink)

BOOST_AUTO_TEST_CASE(the_deltas_of_a_read_arrive_as_one_call_in_their_order) {
    CallLog log;
    CoalescingSink sink(log);
    sink.on_text("Hel");
    sink.on_text("lo");
    sink.on_text("");
    BOOST_TEST(log.calls.empty());
    sink.flush();
    sink.on_text(" world");
    sink.flush();
    sink.flush();
    BOOST_TEST(log.calls == (Calls{"t:Hello", "flush", "t: world", "flush", "flush"}));
}

BOOST_AUTO_TEST_CASE(reasoning_and_text_keep_their_order) {
    CallLog log;
    CoalescingSink sink(log);
    sink.on_reasoning("think");
    sink.on_reasoning("ing");
    sink.on_text("an");
    sink.on_text("swer");
    sink.on_reasoning("more");
    sink.flush();
    BOOST_TEST(log.calls == (Calls{"r:thinking", "t:answer", "r:more", "flush"}));
}

BOOST_AUTO_TEST_CASE(deliver_hands_over_without_a_flush) {
    CallLog log;
    CoalescingSink sink(log);
    sink.on_text("before the error");
    sink.deliver();
    sink.deliver();
    BOOST_TEST(log.calls == (Calls{"t:before the error"}));
}

BOOST_AUTO_TEST_CASE(a_sink_that_throws_is_never_handed_the_same_text_twice) {
    CallLog log;
    CoalescingSink sink(log);
    sink.on_text("once");
    log.fail_next = true;
    BOOST_CHECK_THROW(sink.flush(), std::runtime_error);
    sink.deliver();
    sink.on_text("next");
    sink.flush();
    BOOST_TEST(log.calls == (Calls{"t:once", "t:next", "flush"}));
}

BOOST_AUTO_TEST_SUITE_END()
