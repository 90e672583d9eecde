#pragma once

#include <string>
#include <string_view>

namespace parley {

// A credential held in memory. Wiped on destruction and on move-from so a key
// never lingers in freed heap pages; it has no stream operator on purpose.
class Secret {
public:
    Secret() = default;
    explicit Secret(std::string value);
    Secret(const Secret&) = delete;
    Secret& operator=(const Secret&) = delete;
    Secret(Secret&& other) noexcept;
    Secret& operator=(Secret&& other) noexcept;
    ~Secret();

    std::string_view view() const { return value_; }
    bool empty() const { return value_.empty(); }
    std::size_t size() const { return value_.size(); }

private:
    void wipe() noexcept;
    std::string value_;
};

// Overwrites a buffer in a way the optimiser may not elide.
void wipe_memory(void* data, std::size_t size) noexcept;
void wipe_string(std::string& s) noexcept;

// prefix + secret (e.g. "Bearer " + key) built in one allocation of the exact
// size, so no intermediate copy of the secret is freed unwiped; the caller
// wipes the result.
std::string join_secret(std::string_view prefix, std::string_view secret);

}  // namespace parley
