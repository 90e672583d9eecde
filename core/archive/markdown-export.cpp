#include "archive/markdown-export.h"

#include "history/message-role.h"

#include <sstream>

namespace parley {

namespace {

std::string heading_for(const MessageRecord& m) {
    std::string heading = role_label(m.role);
    if (m.role == "assistant" && !m.model.empty()) heading += " · " + m.model;
    heading += " · " + format_timestamp(m.created_at);
    if (m.status != MessageStatus::complete) heading += " · " + std::string(to_string(m.status));
    return heading;
}

// A fence longer than any backtick run in the text, so the text cannot end it.
std::string fence_for(const std::string& text) {
    std::size_t longest = 0;
    std::size_t run = 0;
    for (const char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

}  // namespace

std::string export_conversation_markdown(const Conversation& c, const std::vector<MessageRecord>& branch) {
    std::ostringstream out;
    out << "# " << (c.summary.title.empty() ? "Untitled conversation" : c.summary.title) << "\n\n";
    out << "- Created: " << format_timestamp(c.summary.created_at) << "\n";
    out << "- Updated: " << format_timestamp(c.summary.updated_at) << "\n";
    if (!c.provider.empty() || !c.model.empty()) {
        out << "- Model: " << c.model << (c.provider.empty() ? "" : " (" + c.provider + ")") << "\n";
    }
    if (c.messages.size() > branch.size()) {
        out << "- Branches: " << c.messages.size() - branch.size()
            << " messages on other branches are not shown; the JSON export keeps them\n";
    }
    if (!c.system_prompt.empty()) {
        const std::string fence = fence_for(c.system_prompt);
        out << "\n**System prompt**\n\n" << fence << "text\n" << c.system_prompt << "\n" << fence << "\n";
    }
    for (const auto& m : branch) {
        out << "\n---\n\n## " << heading_for(m) << "\n\n";
        if (!m.reasoning.empty()) {
            out << "<details><summary>Reasoning</summary>\n\n" << m.reasoning << "\n\n</details>\n\n";
        }
        out << m.content << "\n";
        for (const auto& a : m.attachments) {
            out << "\n*Attachment: " << (a.name.empty() ? a.sha256.substr(0, 12) : a.name) << " (" << a.mime_type
                << ", " << a.size << " bytes)*\n";
        }
        if (!m.error.empty()) out << "\n> Error: " << m.error << "\n";
    }
    return out.str();
}

}  // namespace parley
