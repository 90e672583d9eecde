#include "archive/archive-import.h"

#include "archive/chatgpt-archive.h"
#include "archive/claude-archive.h"
#include "archive/json-element-stream.h"
#include "archive/parley-archive.h"

namespace parley {

namespace {

ArchiveFormat detect(const nlohmann::json& element) {
    if (is_parley_conversation(element)) return ArchiveFormat::parley;
    if (is_chatgpt_conversation(element)) return ArchiveFormat::chatgpt;
    if (is_claude_conversation(element)) return ArchiveFormat::claude;
    throw ArchiveError("not a conversation from ChatGPT, Claude or Parley (no 'mapping', 'chat_messages' or 'format')");
}

std::string describe(const nlohmann::json& element, std::size_t index) {
    std::string where = "conversation " + std::to_string(index + 1);
    if (element.is_object()) {
        for (const char* key : {"title", "name"}) {
            if (const auto it = element.find(key); it != element.end() && it->is_string()) {
                where += " ('" + it->get<std::string>() + "')";
                break;
            }
        }
    }
    return where;
}

}  // namespace

std::optional<ArchiveFormat> parse_archive_format(const std::string& name) {
    if (name == "chatgpt") return ArchiveFormat::chatgpt;
    if (name == "claude") return ArchiveFormat::claude;
    if (name == "parley") return ArchiveFormat::parley;
    return std::nullopt;
}

ImportReport import_archive(HistoryStore& history, std::istream& in, ArchiveFormat format,
                            const ImportControl& control) {
    ImportReport report;
    auto import = history.begin_import();
    const auto progress = [&] {
        if (control.on_progress) {
            // From the buffer, which unlike tellg() still answers once the
            // stream has reached its end.
            const auto position = in.rdbuf()->pubseekoff(0, std::ios::cur, std::ios::in);
            control.on_progress(report, position < 0 ? 0 : static_cast<std::uint64_t>(position));
        }
        if (control.cancel && control.cancel->cancelled()) throw ImportCancelled();
    };
    for_each_json_element(in, [&](nlohmann::json element, std::size_t index) {
        progress();
        try {
            const ArchiveFormat kind = detect(element);
            if (format != ArchiveFormat::detect && kind != format) {
                throw ArchiveError("this is not the format given with --from");
            }
            ImportedConversation conversation;
            switch (kind) {
                case ArchiveFormat::chatgpt: conversation = conversation_from_chatgpt(element, report.left_out); break;
                case ArchiveFormat::claude: conversation = conversation_from_claude(element, report.left_out); break;
                case ArchiveFormat::parley:
                case ArchiveFormat::detect: conversation = conversation_from_parley_json(element); break;
            }
            if (conversation.messages.empty()) {
                ++report.empty;
                return;
            }
            if (!import->add(conversation)) {
                ++report.already_present;
                return;
            }
            ++report.conversations;
            report.messages += conversation.messages.size();
        } catch (const ArchiveError& e) {
            throw ArchiveError(describe(element, index) + ": " + e.what());
        } catch (const nlohmann::json::exception& e) {
            throw ArchiveError(describe(element, index) + ": unexpected shape: " + e.what());
        }
    });
    progress();
    import->commit();
    return report;
}

}  // namespace parley
