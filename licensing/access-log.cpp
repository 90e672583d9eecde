#include "access-log.h"

#include "util/utc-time.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace parley::licensing {

namespace {

// One write(2) per line, below PIPE_BUF, needs no lock: O_APPEND files and
// pipes take it whole, so lines from request threads never interleave.
constexpr std::size_t kMaxPath = 256;

}  // namespace

AccessLog::AccessLog(const std::filesystem::path& file) : fd_(STDERR_FILENO), owned_(false) {
    if (file.empty()) return;
    fd_ = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd_ < 0) throw std::runtime_error("access log " + file.string() + ": " + std::strerror(errno));
    owned_ = true;
}

AccessLog::~AccessLog() {
    if (owned_) ::close(fd_);
}

void AccessLog::write(const AccessRecord& record) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now).count();
    nlohmann::json line = {{"time", format_utc_iso8601(seconds)},
                           {"address", record.address},
                           {"method", record.method},
                           {"path", record.path.substr(0, kMaxPath)},
                           {"status", record.status},
                           {"duration_ms", std::round(record.duration_ms * 1000) / 1000}};
    if (record.license_id) line["license_id"] = *record.license_id;
    if (!record.answer.empty()) line["answer"] = record.answer;
    if (!record.error.empty()) line["error"] = record.error;
    // Paths come from the client: dump() escapes them, and invalid UTF-8 is
    // replaced rather than thrown on.
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    // A full disk or a closed stderr must not fail the request.
    [[maybe_unused]] const ssize_t written = ::write(fd_, text.data(), text.size());
}

}  // namespace parley::licensing
