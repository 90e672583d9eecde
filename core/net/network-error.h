#pragma once

#include <stdexcept>
#include <string>

namespace parley {

// A failure below HTTP: the request never got an answer, or its body broke off.
class NetworkError : public std::runtime_error {
public:
    enum class Kind { connect, tls_certificate, tls, timeout, reset, cancelled, proxy, protocol };
    NetworkError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

}  // namespace parley
