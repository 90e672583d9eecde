// Arbitrary bytes as a conversations.json to import (ChatGPT, Claude or
// Parley shape): only ArchiveError may come out, and a failed import must
// leave the history as it was.
#include "archive/archive-import.h"
#include "archive/json-element-stream.h"

#include <cstdint>
#include <cstdlib>
#include <sstream>

namespace {

parley::HistoryStore& store() {
    static parley::HistoryStore instance(":memory:", 1, [](std::int64_t) { return false; });
    return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto& history = store();
    const auto before = history.list_conversations().size();
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    try {
        parley::import_archive(history, in, parley::ArchiveFormat::detect);
    } catch (const parley::ArchiveError&) {
        if (history.list_conversations().size() != before) std::abort();
    }
    return 0;
}
