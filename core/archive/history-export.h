#pragma once

#include "history/history-store.h"
#include "net/cancel-token.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <stdexcept>

namespace parley {

struct ExportReport {
    std::size_t conversations = 0;  // written
    std::size_t messages = 0;       // written, every branch's
};

// The export was cancelled: no file was written.
class ExportCancelled : public std::runtime_error {
public:
    ExportCancelled() : std::runtime_error("the export was cancelled; no file was written") {}
};

// For a front end that shows progress and offers Cancel.
struct ExportControl {
    // After each conversation written: the counts so far, and how many
    // conversations there are in all.
    std::function<void(const ExportReport& so_far, std::size_t total_conversations)> on_progress;
    // Checked between conversations; once cancelled the export throws
    // ExportCancelled and leaves `target` as it was.
    const CancelToken* cancel = nullptr;
};

// Every conversation, archived ones too, as one Parley archive (a JSON array
// of export_conversation_json objects) that `history import` reads back.
// `target` is replaced whole once everything is written, or not at all.
ExportReport export_history(const HistoryStore& history, const std::filesystem::path& target,
                            const ExportControl& control = {});

}  // namespace parley
