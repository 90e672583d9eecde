#include "answer-signing-key.h"

#include "crypto/base64.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace parley::licensing {

namespace {

std::string errno_text() {
    return std::strerror(errno);
}

Secret decode_seed(std::string text, const std::filesystem::path& file) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    std::optional<std::string> seed = base64_decode(text);
    wipe_string(text);
    if (!seed || seed->size() != 32) {
        if (seed) wipe_string(*seed);
        throw KeyFileError(file.string() + ": not the base64 of a 32-byte Ed25519 seed");
    }
    return Secret(std::move(*seed));
}

std::string read_small_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw KeyFileError(file.string() + ": cannot read: " + errno_text());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::filesystem::path answer_signing_key_path(const std::filesystem::path& data_dir) {
    return data_dir / "answer-signing.key";
}

Ed25519PublicKey create_answer_signing_key(const std::filesystem::path& data_dir, std::optional<Secret> seed) {
    Ed25519KeyPair pair;
    if (seed) {
        pair.public_key = ed25519_public_key(*seed);
        pair.secret_key = std::move(*seed);
    } else {
        pair = generate_ed25519_key_pair();
    }
    const std::filesystem::path path = answer_signing_key_path(data_dir);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) throw KeyFileError(path.string() + " exists already; init never replaces a signing key");
        throw KeyFileError(path.string() + ": cannot create: " + errno_text());
    }
    std::string text = base64_encode(pair.secret_key.view()) + "\n";
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    wipe_string(text);
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!written || !synced) {
        std::filesystem::remove(path);
        throw KeyFileError(path.string() + ": cannot write: " + errno_text());
    }
    return pair.public_key;
}

Secret load_answer_signing_key(const std::filesystem::path& data_dir) {
    const std::filesystem::path path = answer_signing_key_path(data_dir);
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) {
        throw KeyFileError(path.string() + ": " + errno_text() + " (run `parley-licensing init --data " +
                           data_dir.string() + "` first)");
    }
    if ((status.st_mode & 077) != 0) {
        throw KeyFileError(path.string() + " is readable by others; `chmod 600` it (and consider the key leaked)");
    }
    return decode_seed(read_small_file(path), path);
}

Secret read_seed_file(const std::filesystem::path& file) {
    return decode_seed(read_small_file(file), file);
}

}  // namespace parley::licensing
