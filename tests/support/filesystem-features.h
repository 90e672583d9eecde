#pragma once

namespace parley::test {

// What the file system under test offers, for cases that are only meaningful
// where it does: `*boost::unit_test::enable_if<posix_file_modes>()`.
#ifdef _WIN32
// Windows files have ACLs, not mode bits (std::filesystem reports only the
// read-only attribute), symbolic links need a privilege or developer mode,
// and a "#!" script is not a program (the Windows install cases are proven
// under Wine with real programs: tests/windows/updater-test.sh).
inline constexpr bool posix_file_modes = false;
inline constexpr bool unprivileged_symlinks = false;
inline constexpr bool scripts_are_programs = false;
#else
inline constexpr bool posix_file_modes = true;
inline constexpr bool unprivileged_symlinks = true;
inline constexpr bool scripts_are_programs = true;
#endif

}  // namespace parley::test
