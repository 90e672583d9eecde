#pragma once

#include "history/history-store.h"

#include <istream>
#include <optional>
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

// Imports a ChatGPT, Claude or Parley archive in one transaction: all of it,
// or on any error nothing, with an ArchiveError that says which conversation
// broke and how. Conversations already imported are skipped, so importing
// the same file twice adds nothing.
ImportReport import_archive(HistoryStore& history, std::istream& in, ArchiveFormat format);

}  // namespace parley
