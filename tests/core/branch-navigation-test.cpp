#include "history/branch-navigation.h"
#include "chat/message-actions.h"
#include "history/conversation-usage.h"
#include "history/message-role.h"

#include <boost/test/unit_test.hpp>

using namespace parley;

namespace {

MessageRecord message(std::int64_t id, std::optional<std::int64_t> parent, const std::string& role) {
    MessageRecord m;
    m.id = id;
    m.conversation_id = 7;
    m.parent_id = parent;
    m.role = role;
    return m;
}

// 1 user ─┬─ 2 reply ── 3 user ─┬─ 4 reply
//         │                     ├─ 5 reply
//         │                     └─ 6 reply
//         └─ 7 reply
Conversation branched() {
    Conversation c;
    c.summary.id = 7;
    c.messages = {message(1, std::nullopt, "user"), message(2, 1, "assistant"), message(3, 2, "user"),
                  message(4, 3, "assistant"),       message(5, 3, "assistant"), message(6, 3, "assistant"),
                  message(7, 1, "assistant")};
    return c;
}

std::vector<MessageRecord> path(const Conversation& c, std::initializer_list<std::int64_t> ids) {
    std::vector<MessageRecord> out;
    for (const auto id : ids) {
        for (const auto& m : c.messages) {
            if (m.id == id) out.push_back(m);
        }
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(branch_navigation)

BOOST_AUTO_TEST_CASE(positions_count_alternatives_under_each_parent_oldest_first) {
    const auto positions = branch_positions(branched());
    BOOST_TEST(positions.at(1).index == 1u);
    BOOST_TEST(positions.at(1).count == 1u);
    BOOST_TEST(positions.at(2).index == 1u);
    BOOST_TEST(positions.at(2).count == 2u);
    BOOST_TEST(positions.at(7).index == 2u);
    BOOST_TEST(positions.at(5).index == 2u);
    BOOST_TEST(positions.at(6).count == 3u);
}

BOOST_AUTO_TEST_CASE(position_reads_as_index_slash_count) {
    BOOST_TEST(format_branch_position({2, 3}) == "2 / 3");
    BOOST_TEST(format_branch_position(branch_positions(branched()).at(6)) == "3 / 3");
}

BOOST_AUTO_TEST_CASE(sibling_steps_stop_at_either_end) {
    const auto c = branched();
    BOOST_TEST(sibling_at(c, 5, -1).value() == 4);
    BOOST_TEST(sibling_at(c, 5, +1).value() == 6);
    BOOST_TEST(!sibling_at(c, 4, -1));
    BOOST_TEST(!sibling_at(c, 6, +1));
    BOOST_TEST(!sibling_at(c, 1, +1));   // no alternative at all
    BOOST_TEST(!sibling_at(c, 99, +1));  // no such message
}

BOOST_AUTO_TEST_CASE(replies_below_count_every_branch_under_a_message) {
    const auto c = branched();
    BOOST_TEST(replies_below(c, 1) == 6u);
    BOOST_TEST(replies_below(c, 2) == 4u);
    BOOST_TEST(replies_below(c, 3) == 3u);
    BOOST_TEST(replies_below(c, 5) == 0u);
    BOOST_TEST(replies_below(c, 99) == 0u);
}

BOOST_AUTO_TEST_CASE(shown_branch_steps_at_its_deepest_message_with_alternatives) {
    const auto c = branched();
    BOOST_TEST(step_shown_branch(c, path(c, {1, 2, 3, 5}), -1).value() == 4);
    BOOST_TEST(step_shown_branch(c, path(c, {1, 2, 3, 5}), +1).value() == 6);
    // At the end of the deepest choice nothing moves, not even a shallower one.
    BOOST_TEST(!step_shown_branch(c, path(c, {1, 2, 3, 6}), +1));
    BOOST_TEST(step_shown_branch(c, path(c, {1, 7}), -1).value() == 2);
    BOOST_TEST(!step_shown_branch(c, path(c, {1}), +1));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(message_roles)

BOOST_AUTO_TEST_CASE(headings_name_the_writer_the_model_and_an_abnormal_end) {
    auto reply = message(2, 1, "assistant");
    reply.model = "gpt-x";
    BOOST_TEST(message_heading(reply) == "Assistant · gpt-x");
    reply.status = MessageStatus::interrupted;
    BOOST_TEST(message_heading(reply) == "Assistant · gpt-x · interrupted");
    reply.status = MessageStatus::streaming;
    BOOST_TEST(message_heading(reply) == "Assistant · gpt-x");
    auto mine = message(1, std::nullopt, "user");
    mine.model = "ignored for the user's own messages";
    BOOST_TEST(message_heading(mine) == "You");
    BOOST_TEST(role_label("system") == "System");
}

BOOST_AUTO_TEST_CASE(last_reply_of_a_branch) {
    const auto c = branched();
    BOOST_TEST(last_reply(path(c, {1, 2, 3}))->id == 2);
    BOOST_TEST(last_reply(path(c, {1})) == nullptr);
}

BOOST_AUTO_TEST_CASE(an_edit_branches_from_the_edited_messages_parent) {
    const auto c = branched();
    ChatOptions given;
    given.model = "kept";
    const auto options = edit_options(c.messages[2], given);
    BOOST_TEST(options.conversation_id.value() == 7);
    BOOST_TEST(options.branch_from.value().parent.value() == 2);
    BOOST_TEST(options.model == "kept");
    BOOST_TEST(!edit_options(c.messages[0]).branch_from.value().parent.has_value());
    BOOST_CHECK_THROW(edit_options(c.messages[1]), MessageActionError);
}

BOOST_AUTO_TEST_CASE(only_a_reply_can_be_regenerated) {
    const auto c = branched();
    BOOST_TEST(regenerate_options(c.messages[3]).conversation_id.value() == 7);
    BOOST_CHECK_THROW(regenerate_options(c.messages[2]), MessageActionError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(conversation_usage_totals)

BOOST_AUTO_TEST_CASE(every_branchs_replies_count_and_an_unknown_price_is_no_cost) {
    auto c = branched();
    c.messages[1].input_tokens = 1000;
    c.messages[1].output_tokens = 234;
    c.messages[6].output_tokens = 10;  // on the branch not shown: paid for all the same
    BOOST_TEST(format_usage(conversation_usage(c)) == "1,244 tokens");
    c.messages[1].cost_usd = 0.01;
    c.messages[6].cost_usd = 0.0023;
    const auto usage = conversation_usage(c);
    BOOST_TEST(usage.input_tokens == 1000);
    BOOST_TEST(usage.output_tokens == 244);
    BOOST_TEST(format_usage(usage) == "1,244 tokens · $0.0123");
    BOOST_TEST(format_usage(conversation_usage(Conversation{})) == "0 tokens");
}

BOOST_AUTO_TEST_SUITE_END()
