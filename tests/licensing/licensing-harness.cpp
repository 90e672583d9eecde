#include "licensing-harness.h"

#include "crypto/base64.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/URI.h>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>
#include <sstream>

namespace parley::test {

ProcessResult run_licensing(const std::vector<std::string>& args) {
    return run_process(PARLEY_LICENSING_PATH, args);
}

LicensingData::LicensingData() : data(dir / "data") {
    const ProcessResult init = run_licensing({"init", "--data", data.string()});
    BOOST_REQUIRE_MESSAGE(init.exit_code == 0, init.err);
    std::string text = init.out;
    while (!text.empty() && text.back() == '\n') text.pop_back();
    const std::optional<std::string> raw = base64_decode(text);
    BOOST_REQUIRE(raw && raw->size() == public_key.size());
    std::copy(raw->begin(), raw->end(), public_key.begin());
}

std::string LicensingData::create_license(int seats, const std::vector<std::string>& extra) const {
    std::vector<std::string> args = {"license", "create", "--data", data.string(), "--seats", std::to_string(seats)};
    args.insert(args.end(), extra.begin(), extra.end());
    const ProcessResult created = run_licensing(args);
    BOOST_REQUIRE_MESSAGE(created.exit_code == 0, created.err);
    return created.out.substr(0, created.out.find('\n'));
}

ServeProcess::ServeProcess(const std::vector<std::string>& serve_args, const Environment& env) {
    std::vector<std::string> args = {"serve"};
    args.insert(args.end(), serve_args.begin(), serve_args.end());
    process_ = std::make_unique<ChildProcess>(PARLEY_LICENSING_PATH, args, env);
    const std::string line = process_->first_stdout_line();
    const std::string prefix = "listening on ";
    BOOST_REQUIRE_MESSAGE(line.starts_with(prefix), "serve did not start: " + process_->err());
    url_ = line.substr(prefix.size());
}

ServeProcess::~ServeProcess() {
    if (!stopped_) stop();
}

std::string ServeProcess::host() const {
    return Poco::URI(url_).getHost();
}

int ServeProcess::port() const {
    return Poco::URI(url_).getPort();
}

int ServeProcess::stop() {
    send_stop();
    return wait_exit();
}

void ServeProcess::send_stop() {
    stopped_ = true;
    process_->send_signal(SIGTERM);
}

int ServeProcess::wait_exit() {
    return process_->wait();
}

HttpReply http_request(const std::string& url, const std::string& method, const std::string& path,
                       const std::string& body) {
    const Poco::URI uri(url);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpReply reply;
    reply.status = static_cast<int>(response.getStatus());
    std::ostringstream text;
    text << in.rdbuf();
    reply.body = text.str();
    for (const auto& [name, value] : response) reply.headers[name] = value;
    return reply;
}

std::string request_body(const std::string& key, const std::string& fingerprint, const std::string& nonce) {
    return nlohmann::json{{"license_key", key},
                          {"fingerprint", fingerprint},
                          {"nonce", nonce},
                          {"app_version", "0.1.0"},
                          {"platform", "linux-x86_64"}}
        .dump();
}

LicenseAnswer ask(const std::string& url, const Ed25519PublicKey& public_key, const std::string& key,
                  const std::string& fingerprint, const std::string& nonce, const std::string& path) {
    const HttpReply reply = http_request(url, "POST", path, request_body(key, fingerprint, nonce));
    BOOST_REQUIRE_MESSAGE(reply.status == 200, std::to_string(reply.status) + " " + reply.body);
    const std::vector<Ed25519PublicKey> trusted = {public_key};
    return license_answer_from_json(open_license_envelope(reply.body, trusted));
}

std::string fingerprint_for(int n) {
    char prefix[17];
    std::snprintf(prefix, sizeof prefix, "%016x", static_cast<unsigned>(n));
    return std::string(prefix) + std::string(48, 'c');
}

}  // namespace parley::test
