// The POSIX file operations under core's atomic writes and the vault lock.
#include "file-ops.h"

#include "temp-dir.h"

#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fstream>

using namespace parley;
namespace fs = std::filesystem;

namespace {

// Sets the umask for one scope.
class Umask {
public:
    explicit Umask(mode_t mask) : previous_(::umask(mask)) {}
    ~Umask() { ::umask(previous_); }
    Umask(const Umask&) = delete;
    Umask& operator=(const Umask&) = delete;

private:
    mode_t previous_;
};

mode_t mode_of(const fs::path& file) {
    struct stat st {};
    BOOST_REQUIRE(::lstat(file.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(posix_file_ops)

BOOST_AUTO_TEST_CASE(a_new_file_is_owner_only_from_its_creation_whatever_the_umask) {
    test::TempDir dir;
    const Umask open_to_all(0);
    file_ops::NewFile file(dir / "new");
    // Before any write, chmod or close: the mode given at creation.
    BOOST_TEST(mode_of(dir / "new") == 0600U);
    file.write("contents");
    file.sync();
    file.close();
    std::ifstream in(dir / "new");
    std::string text;
    std::getline(in, text);
    BOOST_TEST(text == "contents");
}

BOOST_AUTO_TEST_CASE(a_new_file_never_opens_an_existing_name_or_link) {
    test::TempDir dir;
    std::ofstream(dir / "existing") << "keep";
    fs::create_symlink(dir / "target", dir / "link");
    BOOST_CHECK_THROW(file_ops::NewFile(dir / "existing"), std::system_error);
    BOOST_CHECK_THROW(file_ops::NewFile(dir / "link"), std::system_error);
    BOOST_TEST(!fs::exists(dir / "target"));
    BOOST_TEST(fs::file_size(dir / "existing") == 4U);
}

BOOST_AUTO_TEST_CASE(a_lock_is_exclusive_between_processes) {
    test::TempDir dir;
    const fs::path lock_file = dir / "vault.lock";
    const file_ops::FileLock held(lock_file);
    BOOST_TEST(mode_of(lock_file) == 0600U);
    // A child process (its own open file description) cannot take it while
    // this one holds it; flock(1) with -n says so by its exit status.
    const pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
        ::execl("/usr/bin/flock", "flock", "-n", lock_file.c_str(), "/bin/true", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    BOOST_REQUIRE(::waitpid(child, &status, 0) == child);
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
