#pragma once

#include "child-process.h"
#include "temp-dir.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace parley::test {

// A parley-fake-provider process on 127.0.0.1 (see tests/fakes/README.md),
// recording every request it receives.
class FakeProvider {
public:
    explicit FakeProvider(std::vector<std::string> extra_args = {});

    int port() const { return port_; }
    std::string origin() const;  // http://127.0.0.1:PORT
    // Every request received so far, oldest first.
    std::vector<nlohmann::json> requests() const;

private:
    TempDir dir_;
    std::unique_ptr<ChildProcess> process_;
    int port_ = 0;
};

std::string fake_provider_path();
std::string fake_proxy_path();
std::string cli_path();

}  // namespace parley::test
