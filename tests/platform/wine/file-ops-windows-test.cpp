// The Windows file operations under core's atomic writes and the vault lock,
// against Wine's (or Windows') own kernel32 and CRT.
#include <boost/test/unit_test.hpp>

#include "file-ops.h"

#include <windows.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

namespace {

fs::path fresh_directory(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(file_ops_windows)

BOOST_AUTO_TEST_CASE(a_new_file_is_written_synced_and_never_opens_an_existing_name) {
    const fs::path dir = fresh_directory("parley-file-ops-new");
    {
        parley::file_ops::NewFile file(dir / "new");
        file.write("contents");
        file.sync();
        file.close();
    }
    std::ifstream in(dir / "new", std::ios::binary);
    std::string text;
    std::getline(in, text);
    BOOST_TEST(text == "contents");
    BOOST_CHECK_THROW(parley::file_ops::NewFile(dir / "new"), std::system_error);
    parley::file_ops::sync_directory(dir);
    in.close();
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_lock_is_exclusive_while_held) {
    const fs::path dir = fresh_directory("parley-file-ops-lock");
    const fs::path lock_file = dir / "vault.lock";
    const auto try_lock = [&lock_file] {
        HANDLE other = CreateFileW(lock_file.c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                   nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
        BOOST_REQUIRE(other != INVALID_HANDLE_VALUE);
        OVERLAPPED whole{};
        const bool locked =
            LockFileEx(other, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, MAXDWORD, MAXDWORD, &whole);
        CloseHandle(other);
        return locked;
    };
    {
        const parley::file_ops::FileLock held(lock_file);
        BOOST_TEST(!try_lock());
    }
    BOOST_TEST(try_lock());
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
