#include "artifact-download.h"

#include "net/network-error.h"
#include "update-offer.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <fstream>
#include <vector>

namespace parley {

namespace {

namespace fs = std::filesystem;

// A dropped connection is resumed this many times in a row without progress
// before the download is given up.
constexpr int max_fruitless_attempts = 3;

}  // namespace

std::string sha256_file_hex(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    std::vector<char> buffer(1 << 20);
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0)
        engine.update(buffer.data(), static_cast<unsigned>(in.gcount()));
    if (in.bad()) throw std::runtime_error("cannot read " + file.string());
    return Poco::DigestEngine::digestToHex(engine.digest());
}

fs::path download_artifact(const HttpClient& client, const std::string& url, const ReleaseArtifact& artifact,
                           const fs::path& directory, CancelToken& cancel,
                           const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
    fs::create_directories(directory);
    const std::string name = fs::path(artifact.path).filename().string();
    const fs::path partial = directory / (name + ".partial");
    const fs::path final_path = directory / name;
    fs::remove(final_path);

    int fruitless = 0;
    for (;;) {
        std::uint64_t have = fs::exists(partial) ? fs::file_size(partial) : 0;
        if (have > artifact.size) {
            fs::remove(partial);
            have = 0;
        }
        if (have == artifact.size) break;
        HttpRequest request;
        request.method = "GET";
        request.url = url;
        if (have > 0) request.headers.emplace_back("Range", "bytes=" + std::to_string(have) + "-");
        std::ofstream out;
        const std::uint64_t before = have;
        try {
            client.send(
                request, cancel,
                [&](const HttpResponseHead& head) {
                    if (head.status == 206 &&
                        head.header("content-range").starts_with("bytes " + std::to_string(have) + "-")) {
                        out.open(partial, std::ios::binary | std::ios::app);
                    } else if (head.status == 200) {
                        have = 0;
                        out.open(partial, std::ios::binary | std::ios::trunc);
                    } else {
                        throw DownloadRefused("the download server answered HTTP " + std::to_string(head.status) +
                                              (head.status == 403 ? " (the download link was refused)" : ""));
                    }
                    if (!out) throw std::runtime_error("cannot write " + partial.string());
                },
                [&](std::string_view bytes) {
                    if (have + bytes.size() > artifact.size) {
                        out.close();
                        fs::remove(partial);
                        throw UpdateRefused("the download is larger than the signed size of " +
                                            std::to_string(artifact.size) + " bytes");
                    }
                    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
                    if (!out) throw std::runtime_error("cannot write " + partial.string() + " (is the disk full?)");
                    have += bytes.size();
                    if (progress) progress(have, artifact.size);
                });
        } catch (const NetworkError& error) {
            if (error.kind() == NetworkError::Kind::cancelled || error.kind() == NetworkError::Kind::tls_certificate ||
                error.kind() == NetworkError::Kind::connect)
                throw;
            out.close();
            if (have == before && ++fruitless >= max_fruitless_attempts) throw;
            if (have > before) fruitless = 0;
            continue;
        }
        out.close();
        if (!out) throw std::runtime_error("cannot write " + partial.string() + " (is the disk full?)");
        if (have == before && ++fruitless >= max_fruitless_attempts)
            throw NetworkError(NetworkError::Kind::reset, "the download stopped at " + std::to_string(have) + " of " +
                                                              std::to_string(artifact.size) + " bytes");
    }
    // The whole file, as it lies on disk after every resume, is what must
    // match: a resumed download must not trust its earlier parts blindly.
    if (sha256_file_hex(partial) != artifact.sha256) {
        fs::remove(partial);
        throw UpdateRefused("the downloaded file's SHA-256 does not match the signed manifest");
    }
    fs::rename(partial, final_path);
    return final_path;
}

}  // namespace parley
