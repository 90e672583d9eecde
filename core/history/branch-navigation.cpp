#include "history/branch-navigation.h"

#include <algorithm>

namespace parley {

namespace {

// Ids of the messages under `parent`, oldest first.
std::vector<std::int64_t> children_of(const Conversation& conversation, std::optional<std::int64_t> parent) {
    std::vector<std::int64_t> ids;
    for (const auto& m : conversation.messages) {
        if (m.parent_id == parent) ids.push_back(m.id);
    }
    return ids;
}

}  // namespace

std::map<std::int64_t, BranchPosition> branch_positions(const Conversation& conversation) {
    std::map<std::optional<std::int64_t>, std::vector<std::int64_t>> children;
    for (const auto& m : conversation.messages) children[m.parent_id].push_back(m.id);
    std::map<std::int64_t, BranchPosition> out;
    for (const auto& [parent, ids] : children) {
        for (std::size_t i = 0; i < ids.size(); ++i) out[ids[i]] = {i + 1, ids.size()};
    }
    return out;
}

std::string format_branch_position(const BranchPosition& position) {
    return std::to_string(position.index) + " / " + std::to_string(position.count);
}

std::optional<std::int64_t> sibling_at(const Conversation& conversation, std::int64_t message_id, int step) {
    const auto message = std::find_if(conversation.messages.begin(), conversation.messages.end(),
                                      [&](const MessageRecord& m) { return m.id == message_id; });
    if (message == conversation.messages.end()) return std::nullopt;
    const auto siblings = children_of(conversation, message->parent_id);
    const auto at = std::find(siblings.begin(), siblings.end(), message_id) - siblings.begin();
    const auto target = at + step;
    if (target < 0 || target >= static_cast<std::ptrdiff_t>(siblings.size())) return std::nullopt;
    return siblings[static_cast<std::size_t>(target)];
}

std::optional<std::int64_t> step_shown_branch(const Conversation& conversation,
                                              const std::vector<MessageRecord>& branch, int step) {
    for (auto m = branch.rbegin(); m != branch.rend(); ++m) {
        if (children_of(conversation, m->parent_id).size() < 2) continue;
        return sibling_at(conversation, m->id, step);
    }
    return std::nullopt;
}

std::size_t replies_below(const Conversation& conversation, std::int64_t message_id) {
    std::size_t count = 0;
    std::vector<std::int64_t> pending{message_id};
    while (!pending.empty()) {
        const std::int64_t parent = pending.back();
        pending.pop_back();
        for (const auto child : children_of(conversation, parent)) {
            ++count;
            pending.push_back(child);
        }
    }
    return count;
}

}  // namespace parley
