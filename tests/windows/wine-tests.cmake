# Included by tests/CMakeLists.txt (the Linux build): the Windows build of
# `scripts/dev.sh windows` run under Wine, CTest label `wine`, registered when
# -DPARLEY_WINDOWS_BUILD_DIR names that tree (build-windows/). A test whose
# .exe is missing there fails and names the command that builds it.
set(PARLEY_WINDOWS_BUILD_DIR "" CACHE PATH "The cross-built Windows tree whose programs the wine tests run")
if(NOT PARLEY_WINDOWS_BUILD_DIR)
  return()
endif()
set(windows_tests ${CMAKE_CURRENT_LIST_DIR})
set(windows_suites windows-platform-tests vault-tests licensing-tests history-tests settings-tests chat-tests
    provider-tests net-tests updater-tests)
foreach(suite IN LISTS windows_suites)
  add_test(NAME wine-${suite}
           COMMAND ${windows_tests}/run-under-wine.sh --certs ${PROJECT_SOURCE_DIR}
                   ${PARLEY_WINDOWS_BUILD_DIR}/tests/windows/${suite}.exe
                   --log_level=test_suite --report_level=short --color_output=no)
endforeach()
add_test(NAME wine-cli-thin-path
         COMMAND ${windows_tests}/cli-thin-path-test.sh ${PARLEY_WINDOWS_BUILD_DIR} $<TARGET_FILE:parley-fake-provider>
                 ${PROJECT_SOURCE_DIR})
add_test(NAME wine-gui-window COMMAND ${windows_tests}/gui-window-test.sh ${PARLEY_WINDOWS_BUILD_DIR}
                                         $<TARGET_FILE:parley-fake-provider>)
add_test(NAME wine-installer COMMAND ${windows_tests}/installer-test.sh ${PARLEY_WINDOWS_BUILD_DIR} ${PROJECT_VERSION})
add_test(NAME wine-updater
         COMMAND ${windows_tests}/updater-test.sh ${PARLEY_WINDOWS_BUILD_DIR} ${PROJECT_VERSION} $<TARGET_FILE:parley-licensing>
                 $<TARGET_FILE:parley-release> $<TARGET_FILE:parley-fake-cloudfront> ${PROJECT_SOURCE_DIR})
list(TRANSFORM windows_suites PREPEND wine- OUTPUT_VARIABLE wine_suite_tests)
set_tests_properties(${wine_suite_tests} wine-cli-thin-path wine-gui-window wine-installer wine-updater
                     PROPERTIES
                     LABELS wine TIMEOUT 900)
