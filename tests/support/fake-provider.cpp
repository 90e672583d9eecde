#include "fake-provider.h"

#include <fstream>
#include <stdexcept>

namespace parley::test {

std::string fake_provider_path() { return PARLEY_FAKE_PROVIDER_PATH; }
std::string fake_proxy_path() { return PARLEY_FAKE_PROXY_PATH; }
std::string cli_path() { return PARLEY_CLI_PATH; }

FakeProvider::FakeProvider(std::vector<std::string> extra_args) {
    std::vector<std::string> args = {"--port", "0", "--record", (dir_ / "requests.jsonl").string()};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    process_ = std::make_unique<ChildProcess>(fake_provider_path(), args);
    const std::string line = process_->first_stdout_line();
    if (line.empty()) throw std::runtime_error("the fake provider did not start: " + process_->err());
    port_ = std::stoi(line);
}

std::string FakeProvider::origin() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::vector<nlohmann::json> FakeProvider::requests() const {
    std::vector<nlohmann::json> out;
    std::ifstream in(dir_ / "requests.jsonl");
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty()) out.push_back(nlohmann::json::parse(line));
    }
    return out;
}

}  // namespace parley::test
