# Update trust, fixed at build time (DESIGN.md § Updates): release signing
# keys, download hosts and CloudFront keys. The defaults are the TEST keys in
# tests/keys/ and loopback hosts: a release build must pass the vendor's own.
file(STRINGS ${PROJECT_SOURCE_DIR}/tests/keys/release-test.pub parley_release_test_key REGEX "^RW")
set(PARLEY_RELEASE_PUBLIC_KEYS "${parley_release_test_key}" CACHE STRING
    "Comma-separated minisign public keys (the base64 line) trusted to sign releases (default: the repo's TEST key)")
set(PARLEY_UPDATE_HOSTS "127.0.0.1,localhost" CACHE STRING
    "Comma-separated host names the updater downloads from (default: loopback, for tests)")
set(PARLEY_CLOUDFRONT_PUBLIC_KEYS "KTESTPARLEY01=${PROJECT_SOURCE_DIR}/tests/keys/cloudfront-test-public.pem" CACHE STRING
    "Comma-separated KEY_PAIR_ID=PEMFILE of CloudFront public keys (default: the repo's TEST key)")

set(parley_cloudfront_entries "")
string(REPLACE "," ";" parley_cloudfront_list "${PARLEY_CLOUDFRONT_PUBLIC_KEYS}")
foreach(entry IN LISTS parley_cloudfront_list)
  if(NOT entry MATCHES "^([A-Za-z0-9]+)=(.+)$")
    message(FATAL_ERROR "PARLEY_CLOUDFRONT_PUBLIC_KEYS: '${entry}' is not KEY_PAIR_ID=PEMFILE")
  endif()
  set(id "${CMAKE_MATCH_1}")
  file(READ "${CMAKE_MATCH_2}" pem)
  if(NOT pem MATCHES "-----BEGIN PUBLIC KEY-----")
    message(FATAL_ERROR "PARLEY_CLOUDFRONT_PUBLIC_KEYS: ${CMAKE_MATCH_2} is not a PEM public key")
  endif()
  string(APPEND parley_cloudfront_entries "    {\"${id}\", R\"pem(${pem})pem\"},\n")
endforeach()
set(parley_release_entries "")
string(REPLACE "," ";" parley_release_list "${PARLEY_RELEASE_PUBLIC_KEYS}")
foreach(key IN LISTS parley_release_list)
  string(STRIP "${key}" key)
  string(APPEND parley_release_entries "    \"${key}\",\n")
endforeach()
set(parley_host_entries "")
string(REPLACE "," ";" parley_host_list "${PARLEY_UPDATE_HOSTS}")
foreach(host IN LISTS parley_host_list)
  string(STRIP "${host}" host)
  string(APPEND parley_host_entries "    \"${host}\",\n")
endforeach()
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/update-trust-config.h.in
               ${PROJECT_BINARY_DIR}/generated/parley-update-trust-config.h @ONLY)
