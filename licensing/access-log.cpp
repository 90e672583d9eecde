#include "access-log.h"

#include "util/utc-time.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace parley::licensing {

AccessLog::AccessLog(const std::filesystem::path& file) : out_(stderr), owned_(false) {
    if (file.empty()) return;
    out_ = std::fopen(file.c_str(), "ae");
    if (!out_) throw std::runtime_error("access log " + file.string() + ": " + std::strerror(errno));
    owned_ = true;
}

AccessLog::~AccessLog() {
    if (owned_) std::fclose(out_);
}

void AccessLog::write(const AccessRecord& record) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now).count();
    nlohmann::json line = {{"time", format_utc_iso8601(seconds)},
                           {"address", record.address},
                           {"method", record.method},
                           {"path", record.path},
                           {"status", record.status},
                           {"duration_ms", std::round(record.duration_ms * 1000) / 1000}};
    if (record.license_id) line["license_id"] = *record.license_id;
    if (!record.answer.empty()) line["answer"] = record.answer;
    if (!record.error.empty()) line["error"] = record.error;
    // Paths come from the client: dump() escapes them, and invalid UTF-8 is
    // replaced rather than thrown on.
    const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::lock_guard lock(mutex_);
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);
}

}  // namespace parley::licensing
