#pragma once

namespace parley::test {

// What the file system under test offers, for cases that are only meaningful
// where it does: `*boost::unit_test::enable_if<posix_file_modes>()`.
#ifdef _WIN32
// Windows files have ACLs, not mode bits (std::filesystem reports only the
// read-only attribute), and symbolic links need a privilege or developer mode.
inline constexpr bool posix_file_modes = false;
inline constexpr bool unprivileged_symlinks = false;
#else
inline constexpr bool posix_file_modes = true;
inline constexpr bool unprivileged_symlinks = true;
#endif

}  // namespace parley::test
