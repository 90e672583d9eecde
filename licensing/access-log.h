#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace parley::licensing {

struct AccessRecord {
    std::string address;
    std::string method;
    std::string path;
    int status = 0;
    double duration_ms = 0;
    std::optional<std::int64_t> license_id;  // never the key
    std::string answer;                      // the signed answer's status, if any
    std::string error;                       // why a 5xx, for the operator
};

// One JSON object per line, to stderr or appended to a file, so journald or
// a log shipper can take it as is.
class AccessLog {
public:
    // Empty path: stderr.
    explicit AccessLog(const std::filesystem::path& file);
    ~AccessLog();
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    void write(const AccessRecord& record);

private:
    int fd_;
    bool owned_;
};

}  // namespace parley::licensing
