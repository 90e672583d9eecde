#include "util/atomic-file.h"

#include "file-ops.h"

#include <cstdio>
#include <random>
#include <system_error>

namespace parley {

namespace {

std::string random_suffix() {
    std::random_device random;
    std::uniform_int_distribution<unsigned long long> pick;
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", pick(random));
    return text;
}

}  // namespace

void write_file_atomically(const std::filesystem::path& target, std::string_view contents) {
    namespace fs = std::filesystem;
    const fs::path temp = target.parent_path() / (target.filename().string() + ".tmp-" + random_suffix());
    // Created exclusively and owner-only from the start, so a file or link
    // planted at the temp name is never written through and no other user
    // can open it before a byte goes in.
    file_ops::NewFile out(temp);
    try {
        out.write(contents);
        // Without the syncs a power cut after the rename can leave an empty
        // file in place of both the old contents and the new: a vault with
        // every key lost.
        out.sync();
        out.close();
        fs::rename(temp, target);
    } catch (...) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw;
    }
    file_ops::sync_directory(target.parent_path().empty() ? fs::path(".") : target.parent_path());
}

}  // namespace parley
