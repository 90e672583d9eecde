// parley-licensing: the vendor's license service and its admin commands.
#include "admin-commands.h"
#include "answer-signing-key.h"
#include "license-store.h"
#include "release-commands.h"
#include "serve-command.h"

#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <iostream>

namespace {

using namespace parley::licensing;
using parley::ArgumentList;
using parley::parse_count;
using parley::UsageError;

constexpr const char* kUsage = R"(usage: parley-licensing COMMAND --data DIR [options]
  init --data DIR [--secret-key-file F] [--store URL]      new answer-signing key + empty store; prints the public key
  public-key --data DIR
  serve --data DIR [--listen HOST:PORT] [--store postgresql://…] [--tls-cert F --tls-key F]
        [--cloudfront-base URL --cloudfront-key-pair-id ID --cloudfront-private-key PEM [--cloudfront-hash sha1|sha256]
         [--download-url-lifetime SECONDS]]
        [--grace-days N] [--release-after-days N] [--rate-per-address N] [--rate-per-license N]
        [--threads N] [--access-log FILE] [--client-address-header NAME]
  license create --data DIR --seats N [--edition NAME] [--expires YYYY-MM-DD] [--updates-until YYYY-MM-DD] [--json]
  license list | show KEY | revoke KEY   --data DIR [--json]
  machine list KEY | release KEY FINGERPRINT   --data DIR [--json]
  release publish --data DIR -p RELEASE_PUB MANIFEST SIGNATURE [--json]   store a release signed with that key
  release list --data DIR [--json]
Store commands also take --store URL and --release-after-days N.
)";

CloudFrontOptions cloudfront_options(ArgumentList& args) {
    CloudFrontOptions options;
    options.base_url = args.take_value("--cloudfront-base").value_or("");
    options.key_pair_id = args.take_value("--cloudfront-key-pair-id").value_or("");
    options.private_key = args.take_value("--cloudfront-private-key").value_or("");
    const std::optional<std::string> hash = args.take_value("--cloudfront-hash");
    const std::optional<std::string> lifetime = args.take_value("--download-url-lifetime");
    const bool any =
        !options.base_url.empty() || !options.key_pair_id.empty() || !options.private_key.empty() || hash || lifetime;
    if (!any) return options;
    if (options.base_url.empty() || options.key_pair_id.empty() || options.private_key.empty()) {
        throw UsageError("--cloudfront-base, --cloudfront-key-pair-id and --cloudfront-private-key go together");
    }
    if (!options.base_url.starts_with("https://")) throw UsageError("--cloudfront-base takes an https:// URL");
    if (hash && *hash != "sha1" && *hash != "sha256") throw UsageError("--cloudfront-hash takes sha1 or sha256");
    if (hash) options.hash = *hash;
    if (lifetime) options.url_lifetime_s = parse_count("--download-url-lifetime", *lifetime, 1);
    if (!std::ifstream(options.private_key)) {
        throw std::runtime_error(options.private_key.string() + ": cannot read the CloudFront private key");
    }
    return options;
}

int serve(ArgumentList& args) {
    ServeOptions options;
    options.data_dir = args.require_value("--data");
    options.store_url = args.take_value("--store").value_or("");
    options.listen = args.take_value("--listen").value_or(options.listen);
    options.tls_cert = args.take_value("--tls-cert").value_or("");
    options.tls_key = args.take_value("--tls-key").value_or("");
    if (options.tls_cert.empty() != options.tls_key.empty()) throw UsageError("--tls-cert and --tls-key go together");
    options.cloudfront = cloudfront_options(args);
    if (const auto days = args.take_value("--grace-days")) {
        options.policy.grace_seconds = std::int64_t{parse_count("--grace-days", *days, 0)} * 86400;
    }
    if (const auto days = args.take_value("--release-after-days")) {
        options.policy.release_after_seconds = std::int64_t{parse_count("--release-after-days", *days, 1)} * 86400;
    }
    if (const auto rate = args.take_value("--rate-per-address")) {
        options.per_address_per_minute = parse_count("--rate-per-address", *rate, 0);
    }
    if (const auto rate = args.take_value("--rate-per-license")) {
        options.per_license_per_minute = parse_count("--rate-per-license", *rate, 0);
    }
    if (const auto threads = args.take_value("--threads")) options.threads = parse_count("--threads", *threads, 2);
    options.access_log = args.take_value("--access-log").value_or("");
    options.client_address_header = args.take_value("--client-address-header").value_or("");
    args.expect_end();
    return run_serve(options);
}

int run(std::vector<std::string> words) {
    if (words.empty()) throw UsageError("a command is missing");
    const std::string command = words.front();
    words.erase(words.begin());
    if (command == "--help" || command == "help") {
        std::cout << kUsage;
        return 0;
    }
    if (command == "license" || command == "machine" || command == "release") {
        if (words.empty()) throw UsageError(command + " needs an action");
        const std::string action = words.front();
        words.erase(words.begin());
        ArgumentList args(std::move(words));
        if (command == "release") return run_release_command(action, args);
        return command == "license" ? run_license_command(action, args) : run_machine_command(action, args);
    }
    ArgumentList args(std::move(words));
    if (command == "init") return run_init(args);
    if (command == "public-key") return run_public_key(args);
    if (command == "serve") return serve(args);
    throw UsageError("unknown command: " + command);
}

}  // namespace

int main(int argc, char** argv) {
    // Blocked before any thread starts, so every thread inherits the mask and
    // `serve` takes SIGTERM/SIGINT with sigwait, as an ordinary event.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    signal(SIGPIPE, SIG_IGN);
    umask(077);

    try {
        return run(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const UsageError& error) {
        std::cerr << "parley-licensing: " << error.what() << "\n" << kUsage;
        return 2;
    } catch (const std::exception& error) {
        std::cerr << "parley-licensing: " << error.what() << "\n";
        return 1;
    }
}
