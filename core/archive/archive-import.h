#pragma once

#include "history/history-store.h"
#include "net/cancel-token.h"

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>

namespace parley {

enum class ArchiveFormat { detect, chatgpt, claude, parley };

std::optional<ArchiveFormat> parse_archive_format(const std::string& name);

struct ImportReport {
    std::size_t conversations = 0;    // added
    std::size_t messages = 0;         // added
    std::size_t already_present = 0;  // conversations a previous import added
    std::size_t empty = 0;            // conversations with nothing to show
    std::size_t left_out = 0;         // hidden, tool and empty messages
};

// The import was cancelled: nothing of it was kept.
class ImportCancelled : public std::runtime_error {
public:
    ImportCancelled() : std::runtime_error("the import was cancelled; nothing was imported") {}
};

// For a front end that shows progress and offers Cancel.
struct ImportControl {
    // After each conversation read: the counts so far and how far into the
    // stream the reader is (bytes), for a progress bar against the file size.
    std::function<void(const ImportReport& so_far, std::uint64_t bytes_read)> on_progress;
    // Checked between conversations; once cancelled the import throws
    // ImportCancelled and rolls back.
    const CancelToken* cancel = nullptr;
};

// Imports a ChatGPT, Claude or Parley archive in one transaction: all of it,
// or on any error nothing, with an ArchiveError that says which conversation
// broke and how. Conversations already imported are skipped, so importing
// the same file twice adds nothing.
ImportReport import_archive(HistoryStore& history, std::istream& in, ArchiveFormat format,
                            const ImportControl& control = {});

}  // namespace parley
