#include "crypto/ed25519-signer.h"

#include <boost/test/unit_test.hpp>

#include <thread>
#include <vector>

using namespace parley;

BOOST_AUTO_TEST_CASE(a_signer_signs_as_ed25519_sign_does_and_its_signatures_verify) {
    const Ed25519KeyPair pair = generate_ed25519_key_pair();
    const Ed25519Signer signer(pair.secret_key);
    for (const std::string& message : std::vector<std::string>{"", "answer", std::string(1000, 'x')}) {
        const Ed25519Signature signature = signer.sign(message);
        // Ed25519 is deterministic: one key, one message, one signature.
        BOOST_TEST(signature == ed25519_sign(pair.secret_key, message));
        BOOST_TEST(ed25519_verify(pair.public_key, message, signature));
        BOOST_TEST(!ed25519_verify(pair.public_key, message + "!", signature));
    }
    BOOST_CHECK_THROW(Ed25519Signer(Secret("short")), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(one_signer_serves_many_threads) {
    const Ed25519KeyPair pair = generate_ed25519_key_pair();
    const Ed25519Signer signer(pair.secret_key);
    const Ed25519Signature expected = ed25519_sign(pair.secret_key, "same message");
    std::vector<int> mismatches(8, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < mismatches.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) mismatches[t] += signer.sign("same message") == expected ? 0 : 1;
        });
    }
    for (std::thread& thread : threads) thread.join();
    for (const int count : mismatches) BOOST_TEST(count == 0);
}
