#include "archive/history-export.h"

#include "archive/parley-archive.h"
#include "util/atomic-file.h"

#include <string>

namespace parley {

ExportReport export_history(const HistoryStore& history, const std::filesystem::path& target,
                            const ExportControl& control) {
    const auto conversations = history.list_conversations();
    ExportReport report;
    // Built whole before the file is touched, so that a cancel or a failure
    // part-way leaves no half archive behind, and the rename is atomic.
    std::string text = "[";
    for (const auto& summary : conversations) {
        if (control.cancel && control.cancel->cancelled()) throw ExportCancelled();
        const auto conversation = history.load_conversation(summary.id);
        if (!conversation) continue;  // deleted by another window meanwhile
        if (report.conversations > 0) text += ",";
        text += "\n" + export_conversation_json(*conversation, history).dump();
        ++report.conversations;
        report.messages += conversation->messages.size();
        if (control.on_progress) control.on_progress(report, conversations.size());
    }
    text += "\n]\n";
    if (control.cancel && control.cancel->cancelled()) throw ExportCancelled();
    write_file_atomically(target, text);
    return report;
}

}  // namespace parley
