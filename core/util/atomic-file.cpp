#include "util/atomic-file.h"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <random>
#include <stdexcept>
#include <system_error>

namespace parley {

namespace {

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

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
    // "x": fail rather than open a name that exists, so a file or link planted
    // at the temp name is never written through.
    std::unique_ptr<std::FILE, FileCloser> out(std::fopen(temp.string().c_str(), "wbx"));
    if (!out) {
        throw std::system_error(errno, std::generic_category(), "cannot create a temporary file beside " + target.string());
    }
    try {
        // Owner-only before a single byte goes in; the rename keeps the mode.
        fs::permissions(temp, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
        if (std::fwrite(contents.data(), 1, contents.size(), out.get()) != contents.size() ||
            std::fflush(out.get()) != 0) {
            throw std::runtime_error("cannot write " + temp.string() + " (disk full?)");
        }
        if (std::fclose(out.release()) != 0) throw std::runtime_error("cannot close " + temp.string() + " (disk full?)");
        fs::rename(temp, target);
    } catch (...) {
        out.reset();
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw;
    }
}

}  // namespace parley
