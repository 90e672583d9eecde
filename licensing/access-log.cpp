#include "access-log.h"

#include "util/json-text.h"
#include "util/utc-time.h"

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
    // Paths come from the client: they are escaped, and invalid UTF-8 is
    // replaced rather than thrown on. The keys in sorted order, as
    // nlohmann::json's object writes them.
    JsonObjectText line(nlohmann::json::error_handler_t::replace);
    line.field("address", record.address);
    if (!record.answer.empty()) line.field("answer", record.answer);
    line.field("duration_ms", std::round(record.duration_ms * 1000) / 1000);
    if (!record.error.empty()) line.field("error", record.error);
    if (record.license_id) line.field("license_id", *record.license_id);
    line.field("method", record.method)
        .field("path", std::string_view(record.path).substr(0, kMaxPath))
        .field("status", std::int64_t{record.status})
        .field("time", format_utc_iso8601(seconds));
    const std::string text = line.finish() + "\n";
    // A full disk or a closed stderr must not fail the request.
    [[maybe_unused]] const ssize_t written = ::write(fd_, text.data(), text.size());
}

}  // namespace parley::licensing
