# Boost.Test's header-only variant for a Windows build, from the build
# machine's Boost headers. Only boost/ is exposed (in `host_boost_dir`):
# adding the host's /usr/include itself would pull glibc headers into a
# Windows build.
set(PARLEY_HOST_BOOST_INCLUDE_DIR /usr/include CACHE PATH "Directory holding the host's boost/ headers")
if(NOT EXISTS ${PARLEY_HOST_BOOST_INCLUDE_DIR}/boost/test/included/unit_test.hpp)
  message(FATAL_ERROR "No Boost.Test headers in ${PARLEY_HOST_BOOST_INCLUDE_DIR} (apt-get install libboost-test-dev)")
endif()
set(host_boost_dir ${CMAKE_CURRENT_BINARY_DIR}/host-boost)
file(MAKE_DIRECTORY ${host_boost_dir})
file(CREATE_LINK ${PARLEY_HOST_BOOST_INCLUDE_DIR}/boost ${host_boost_dir}/boost SYMBOLIC)
