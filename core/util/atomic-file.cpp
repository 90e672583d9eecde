#include "util/atomic-file.h"

#include <fstream>
#include <random>
#include <stdexcept>

namespace parley {

void write_file_atomically(const std::filesystem::path& target, std::string_view contents) {
    namespace fs = std::filesystem;
    std::random_device random;
    const fs::path temp = target.parent_path() / (target.filename().string() + ".tmp-" + std::to_string(random()));
    try {
        {
            std::ofstream out(temp, std::ios::binary | std::ios::trunc);
            if (!out) throw std::runtime_error("cannot create " + temp.string());
            fs::permissions(temp, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
            out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
            out.flush();
            if (!out) throw std::runtime_error("cannot write " + temp.string() + " (disk full?)");
        }
        fs::rename(temp, target);
    } catch (...) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw;
    }
}

}  // namespace parley
