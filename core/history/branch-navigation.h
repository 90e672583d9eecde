#pragma once

#include "history/history-types.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parley {

// Where a message stands among the alternatives under its parent: the
// `index`-th (from 1, oldest first) of `count`.
struct BranchPosition {
    std::size_t index = 1;
    std::size_t count = 1;
};

// The position of every message of the conversation, by message id.
std::map<std::int64_t, BranchPosition> branch_positions(const Conversation& conversation);

// "2 / 3", as a branch switcher shows it.
std::string format_branch_position(const BranchPosition& position);

// The alternative `step` places from message `message_id` (-1 the previous,
// +1 the next); nothing when there is none that far.
std::optional<std::int64_t> sibling_at(const Conversation& conversation, std::int64_t message_id, int step);

// What Previous/Next Branch switch to: the alternative `step` places from
// the deepest message of the shown `branch` that has alternatives. Nothing
// when no message has any, or the deepest one is already at that end.
std::optional<std::int64_t> step_shown_branch(const Conversation& conversation,
                                              const std::vector<MessageRecord>& branch, int step);

// How many messages lie below `message_id`: its replies, theirs, and every
// branch among them; what deleting it deletes besides itself.
std::size_t replies_below(const Conversation& conversation, std::int64_t message_id);

}  // namespace parley
