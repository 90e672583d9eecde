#include "net/http-body-decoder.h"
#include "net/network-error.h"

#include <boost/test/unit_test.hpp>

#include <string>

using parley::HttpBodyDecoder;
using parley::NetworkError;

namespace {

struct Decoded {
    std::string body;
    bool complete = false;
};

// Feeds `wire` in pieces of `piece` bytes, as reads from a socket would
// return it, and stops once the decoder says the body ended.
Decoded decode(HttpBodyDecoder decoder, const std::string& wire, std::size_t piece) {
    Decoded out;
    for (std::size_t i = 0; i < wire.size() && !decoder.complete(); i += piece) {
        decoder.feed(std::string_view(wire).substr(i, piece), [&](std::string_view bytes) { out.body.append(bytes); });
    }
    out.complete = decoder.complete();
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_body_decoder)

BOOST_AUTO_TEST_CASE(chunked_body_is_joined_however_the_reads_split_it) {
    const std::string wire =
        "5\r\nhello\r\n1A;name=value\r\n, a chunk of 26 bytes long\r\n0\r\nX-Trailer: yes\r\n\r\nNEXT RESPONSE";
    for (std::size_t piece = 1; piece <= wire.size(); ++piece) {
        const Decoded out = decode(HttpBodyDecoder::chunked(), wire, piece);
        BOOST_TEST_CONTEXT("pieces of " << piece) {
            BOOST_TEST(out.body == "hello, a chunk of 26 bytes long");
            BOOST_TEST(out.complete);
        }
    }
}

BOOST_AUTO_TEST_CASE(chunk_sizes_in_either_case_and_bare_line_feeds_are_read) {
    const Decoded out = decode(HttpBodyDecoder::chunked(), "a\nabcdefghij\nA\r\nklmnopqrst\r\n0\n\n", 3);
    BOOST_TEST(out.body == "abcdefghijklmnopqrst");
    BOOST_TEST(out.complete);
}

BOOST_AUTO_TEST_CASE(a_body_of_stated_length_ends_at_its_last_byte) {
    const Decoded out = decode(HttpBodyDecoder::of_length(5), "hello, and then what the server must not send", 4);
    BOOST_TEST(out.body == "hello");
    BOOST_TEST(out.complete);
    BOOST_TEST(HttpBodyDecoder::of_length(0).complete());
    BOOST_TEST(HttpBodyDecoder::empty().complete());
}

BOOST_AUTO_TEST_CASE(a_body_until_close_takes_everything) {
    const Decoded out = decode(HttpBodyDecoder::until_close(), "data: 1\n\n0\r\n\r\n", 2);
    BOOST_TEST(out.body == "data: 1\n\n0\r\n\r\n");
    BOOST_TEST(!out.complete);
}

BOOST_AUTO_TEST_CASE(a_connection_closed_mid_chunk_leaves_the_body_incomplete) {
    const Decoded out = decode(HttpBodyDecoder::chunked(), "10\r\nonly eight", 5);
    BOOST_TEST(out.body == "only eight");
    BOOST_TEST(!out.complete);
}

BOOST_AUTO_TEST_CASE(malformed_chunk_framing_is_a_protocol_error) {
    for (const std::string wire :
         {"\r\n5\r\nhello\r\n", "zz\r\n", "5\r\nhello!\r\n", "5\rhello\r\n", "1000000000000000\r\n"}) {
        BOOST_TEST_CONTEXT(wire) {
            HttpBodyDecoder decoder = HttpBodyDecoder::chunked();
            try {
                decoder.feed(wire, [](std::string_view) {});
                BOOST_FAIL("accepted");
            } catch (const NetworkError& e) {
                BOOST_TEST((e.kind() == NetworkError::Kind::protocol));
                BOOST_TEST(std::string(e.what()).find("chunked") != std::string::npos);
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
