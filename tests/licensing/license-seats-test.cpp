// Seat accounting under load and over time: concurrent activations never
// exceed the seats (SQLite, and PostgreSQL shared by two instances), and a
// machine silent for --release-after-days frees its seat.
#include "licensing-harness.h"
#include "postgres-cluster.h"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <barrier>
#include <cstdlib>
#include <thread>

using namespace parley;
using namespace parley::test;
using nlohmann::json;

namespace {

struct Outcome {
    int status = 0;
    std::string answer;
};

// `machines` clients at once (released together by a barrier), machine i
// asking the service urls[i % urls.size()].
std::vector<Outcome> activate_all(const std::vector<std::string>& urls, const Ed25519PublicKey& public_key,
                                  const std::string& key, int machines) {
    std::vector<Outcome> outcomes(static_cast<std::size_t>(machines));
    std::barrier start(machines);
    std::vector<std::thread> clients;
    for (int i = 0; i < machines; ++i) {
        clients.emplace_back([&, i] {
            start.arrive_and_wait();
            Outcome& outcome = outcomes[static_cast<std::size_t>(i)];
            try {
                const HttpReply reply =
                    http_request(urls[static_cast<std::size_t>(i) % urls.size()], "POST", "/api/license/validate",
                                 request_body(key, fingerprint_for(i), "n" + std::to_string(i)));
                outcome.status = reply.status;
                const std::vector<Ed25519PublicKey> trusted = {public_key};
                if (reply.status == 200)
                    outcome.answer = license_answer_from_json(open_license_envelope(reply.body, trusted)).status;
            } catch (const std::exception& error) {
                outcome.answer = std::string("error: ") + error.what();
            }
        });
    }
    for (std::thread& client : clients) client.join();
    return outcomes;
}

void check_exactly_seated(const std::vector<Outcome>& outcomes, int seats) {
    int active = 0;
    int refused = 0;
    for (const Outcome& outcome : outcomes) {
        BOOST_TEST(outcome.status == 200, outcome.answer);
        if (outcome.answer == "active") ++active;
        if (outcome.answer == "seat_limit") ++refused;
    }
    BOOST_TEST(active == seats);
    BOOST_TEST(refused == static_cast<int>(outcomes.size()) - seats);
}

std::vector<std::string> unlimited(std::vector<std::string> args) {
    args.insert(args.end(), {"--listen", "127.0.0.1:0", "--rate-per-address", "0", "--rate-per-license", "0"});
    return args;
}

int seated_machines(const std::vector<std::string>& store_args, const std::string& key) {
    std::vector<std::string> args = {"machine", "list", key, "--json"};
    args.insert(args.end(), store_args.begin(), store_args.end());
    const ProcessResult list = run_licensing(args);
    BOOST_REQUIRE_MESSAGE(list.exit_code == 0, list.err);
    int seated = 0;
    for (const json& machine : json::parse(list.out)) seated += machine.at("state") == "seated" ? 1 : 0;
    return seated;
}

}  // namespace

BOOST_AUTO_TEST_CASE(two_hundred_concurrent_activations_of_five_seats_on_sqlite) {
    LicensingData data;
    const std::string key = data.create_license(5);
    ServeProcess serve(unlimited({"--data", data.data.string()}));
    check_exactly_seated(activate_all({serve.url()}, data.public_key, key, 200), 5);
    BOOST_TEST(seated_machines({"--data", data.data.string()}, key) == 5);
}

BOOST_AUTO_TEST_CASE(two_hundred_concurrent_activations_across_two_instances_on_one_postgresql) {
    PostgresCluster cluster;
    LicensingData data;
    const std::vector<std::string> store = {"--data", data.data.string(), "--store", cluster.url()};
    std::vector<std::string> create = {"license", "create", "--seats", "5"};
    create.insert(create.end(), store.begin(), store.end());
    const ProcessResult created = run_licensing(create);
    BOOST_REQUIRE_MESSAGE(created.exit_code == 0, created.err);
    const std::string key = created.out.substr(0, created.out.find('\n'));

    ServeProcess first(unlimited(store));
    ServeProcess second(unlimited(store));
    check_exactly_seated(activate_all({first.url(), second.url()}, data.public_key, key, 200), 5);
    BOOST_TEST(seated_machines(store, key) == 5);
    // The race is over in the first few milliseconds of a round; more rounds,
    // on fresh licenses, give a missing lock more chances to show.
    for (int round = 0; round < 4; ++round) {
        const ProcessResult more = run_licensing(create);
        BOOST_REQUIRE_MESSAGE(more.exit_code == 0, more.err);
        const std::string fresh = more.out.substr(0, more.out.find('\n'));
        check_exactly_seated(activate_all({first.url(), second.url()}, data.public_key, fresh, 200), 5);
        BOOST_TEST(seated_machines(store, fresh) == 5);
    }

    // Both instances see the same seats: a seated machine stays active on
    // either, a sixth is refused by either.
    BOOST_TEST(ask(second.url(), data.public_key, key, fingerprint_for(1000)).status == "seat_limit");
    BOOST_TEST(first.stop() == 0);
    BOOST_TEST(second.stop() == 0);
}

BOOST_AUTO_TEST_CASE(a_machine_silent_for_release_after_days_frees_its_seat) {
    LicensingData data;
    const std::string key = data.create_license(1);
    // The service's clock is faked (libfaketime preloaded into the service
    // itself, so SIGTERM reaches it); the dates are arbitrary, never today's.
    const std::string libfaketime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
    BOOST_REQUIRE_MESSAGE(std::filesystem::exists(libfaketime),
                          "faketime is not installed (scripts/dev.sh installs it)");
    // Under AddressSanitizer the preload comes before the ASan runtime, which
    // ASan accepts when told to.
    const char* asan = std::getenv("ASAN_OPTIONS");
    const std::string asan_options = std::string(asan ? asan : "") + ":verify_asan_link_order=0";
    const auto at = [&](const std::string& when) {
        return Environment{{"LD_PRELOAD", libfaketime}, {"FAKETIME", "@" + when}, {"ASAN_OPTIONS", asan_options}};
    };
    const std::vector<std::string> args = {"--data",      data.data.string(),     "--listen",
                                           "127.0.0.1:0", "--release-after-days", "30"};
    std::int64_t first_issued = 0;
    {
        ServeProcess serve(args, at("2031-03-01 12:00:00"));
        const LicenseAnswer first = ask(serve.url(), data.public_key, key, fingerprint_for(1));
        BOOST_TEST(first.status == "active");
        first_issued = first.issued;
    }
    {
        ServeProcess serve(args, at("2031-03-30 12:00:00"));
        const LicenseAnswer too_soon = ask(serve.url(), data.public_key, key, fingerprint_for(2));
        BOOST_TEST(too_soon.status == "seat_limit");
        BOOST_TEST(too_soon.issued - first_issued >= 29 * 86400);
    }
    {
        ServeProcess serve(args, at("2031-04-01 12:00:00"));
        const LicenseAnswer freed = ask(serve.url(), data.public_key, key, fingerprint_for(2));
        BOOST_TEST(freed.status == "active");
        BOOST_TEST(freed.seats_used == 1);
        // The silent machine comes back: the seat is taken now.
        BOOST_TEST(ask(serve.url(), data.public_key, key, fingerprint_for(1)).status == "seat_limit");
    }
}
