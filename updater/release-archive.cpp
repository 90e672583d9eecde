#include "release-archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <vector>

namespace parley {

namespace {

namespace fs = std::filesystem;

struct ArchiveFree {
    void operator()(archive* a) const { archive_read_free(a); }
};

// "a/./b/" → "a/b"; nullopt for anything that is not a plain relative path.
std::optional<std::string> normalised_relative(std::string_view path) {
    if (path.empty() || path.front() == '/' || path.find('\\') != std::string_view::npos ||
        path.find('\0') != std::string_view::npos || (path.size() > 1 && path[1] == ':'))
        return std::nullopt;
    std::vector<std::string_view> parts;
    while (!path.empty()) {
        const auto slash = path.find('/');
        const std::string_view part = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        if (part.empty() || part == ".") continue;
        if (part == "..") return std::nullopt;
        parts.push_back(part);
    }
    if (parts.empty()) return std::nullopt;
    std::string out;
    for (const auto part : parts) {
        if (!out.empty()) out += '/';
        out += part;
    }
    return out;
}

// Whether a link at `link_path` with relative `target` stays inside the top
// folder, judged on the names alone (nothing on disk is followed).
bool link_stays_inside(const std::string& link_path, std::string_view target) {
    if (target.empty() || target.front() == '/' || target.find('\\') != std::string_view::npos) return false;
    std::vector<std::string_view> parts;
    std::string_view dir = link_path;
    dir = dir.substr(0, dir.rfind('/'));
    while (!dir.empty()) {
        const auto slash = dir.find('/');
        parts.push_back(dir.substr(0, slash));
        dir = slash == std::string_view::npos ? std::string_view{} : dir.substr(slash + 1);
    }
    while (!target.empty()) {
        const auto slash = target.find('/');
        const std::string_view part = target.substr(0, slash);
        target = slash == std::string_view::npos ? std::string_view{} : target.substr(slash + 1);
        if (part.empty() || part == ".") continue;
        if (part == "..") {
            // The first part is the top folder itself: leaving it is leaving.
            if (parts.size() <= 1) return false;
            parts.pop_back();
        } else {
            parts.push_back(part);
        }
    }
    return parts.size() >= 2;
}

void extract(archive* reader, const std::string& top_folder, const fs::path& destination, const ArchiveLimits& limits) {
    archive_entry* entry = nullptr;
    std::set<std::string> seen;
    std::uint64_t total = 0;
    std::vector<char> buffer(1 << 16);
    int status = ARCHIVE_OK;
    while ((status = archive_read_next_header(reader, &entry)) == ARCHIVE_OK) {
        const char* raw_name = archive_entry_pathname(entry);
        const std::string shown = raw_name ? std::string(raw_name).substr(0, 120) : "(no name)";
        if (seen.size() >= limits.max_entries)
            throw ArchiveError("the archive has more than " + std::to_string(limits.max_entries) + " entries");
        const auto name = raw_name ? normalised_relative(raw_name) : std::nullopt;
        if (!name) throw ArchiveError("the archive has an unsafe path: " + shown);
        if (*name != top_folder && !name->starts_with(top_folder + "/"))
            throw ArchiveError("the archive has an entry outside " + top_folder + "/: " + shown);
        if (!seen.insert(*name).second) throw ArchiveError("the archive has the same path twice: " + shown);
        if (archive_entry_hardlink(entry)) throw ArchiveError("the archive has a hard link: " + shown);

        const fs::path target = destination / fs::path(name->substr(top_folder.size())).relative_path();
        switch (archive_entry_filetype(entry)) {
            case AE_IFDIR: fs::create_directories(target); break;
            case AE_IFLNK: {
                const char* link = archive_entry_symlink(entry);
                if (!link || !link_stays_inside(*name, link))
                    throw ArchiveError("the archive has a link pointing outside it: " + shown);
                fs::create_directories(target.parent_path());
                // Windows lets only privileged users make links: a clear refusal there.
                std::error_code error;
                fs::create_symlink(link, target, error);
                if (error) throw ArchiveError("cannot create the link " + shown + ": " + error.message());
                break;
            }
            case AE_IFREG: {
                fs::create_directories(target.parent_path());
                std::ofstream out(target, std::ios::binary | std::ios::trunc);
                if (!out) throw ArchiveError("cannot write " + target.string());
                for (;;) {
                    const la_ssize_t n = archive_read_data(reader, buffer.data(), buffer.size());
                    if (n < 0)
                        throw ArchiveError(std::string("the archive is damaged: ") + archive_error_string(reader));
                    if (n == 0) break;
                    total += static_cast<std::uint64_t>(n);
                    if (total > limits.max_total_bytes)
                        throw ArchiveError("the archive unpacks to more than " +
                                           std::to_string(limits.max_total_bytes >> 20) + " MiB");
                    out.write(buffer.data(), n);
                }
                out.close();
                if (!out) throw ArchiveError("cannot write " + target.string() + " (is the disk full?)");
                const bool executable = (archive_entry_perm(entry) & 0111) != 0;
                fs::permissions(target, executable ? fs::perms(0755) : fs::perms(0644), fs::perm_options::replace);
                break;
            }
            default: throw ArchiveError("the archive has a special file (device, FIFO or socket): " + shown);
        }
    }
    if (status != ARCHIVE_EOF)
        throw ArchiveError(std::string("the archive is damaged: ") + archive_error_string(reader));
    if (seen.empty()) throw ArchiveError("the archive is empty");
}

}  // namespace

void extract_release_archive(const fs::path& archive_path, const std::string& top_folder, const fs::path& destination,
                             const ArchiveLimits& limits) {
    if (fs::exists(fs::symlink_status(destination))) throw ArchiveError(destination.string() + " exists already");
    std::unique_ptr<archive, ArchiveFree> reader(archive_read_new());
    archive_read_support_filter_gzip(reader.get());
    archive_read_support_format_tar(reader.get());
    archive_read_support_format_zip(reader.get());
    if (archive_read_open_filename(reader.get(), archive_path.string().c_str(), 1 << 16) != ARCHIVE_OK)
        throw ArchiveError("cannot open " + archive_path.string() + ": " + archive_error_string(reader.get()));
    fs::create_directories(destination);
    try {
        extract(reader.get(), top_folder, destination, limits);
    } catch (...) {
        std::error_code ignored;
        fs::remove_all(destination, ignored);
        throw;
    }
}

}  // namespace parley
