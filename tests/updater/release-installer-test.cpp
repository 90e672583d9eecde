#include "release-installer.h"
#include "current-link.h"
#include "filesystem-features.h"
#include "release-archive.h"
#include "temp-dir.h"

#include <archive.h>
#include <archive_entry.h>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <vector>

using namespace parley;
using parley::test::TempDir;
namespace fs = std::filesystem;

namespace {

struct Entry {
    Entry(std::string n, char t = 'f', std::string c = {}, std::string l = {}, int m = 0644)
        : name(std::move(n)), type(t), content(std::move(c)), link(std::move(l)), mode(m) {}
    std::string name;
    char type;  // f file, d directory, l symlink, h hard link, p fifo
    std::string content;
    std::string link;
    int mode;
};

void write_tar_gz(const fs::path& path, const std::vector<Entry>& entries) {
    archive* writer = archive_write_new();
    archive_write_add_filter_gzip(writer);
    archive_write_set_format_pax_restricted(writer);
    BOOST_REQUIRE(archive_write_open_filename(writer, path.string().c_str()) == ARCHIVE_OK);
    for (const auto& e : entries) {
        archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.name.c_str());
        archive_entry_set_perm(entry, static_cast<mode_t>(e.mode));
        switch (e.type) {
            case 'd': archive_entry_set_filetype(entry, AE_IFDIR); break;
            case 'l':
                archive_entry_set_filetype(entry, AE_IFLNK);
                archive_entry_set_symlink(entry, e.link.c_str());
                break;
            case 'h':
                archive_entry_set_filetype(entry, AE_IFREG);
                archive_entry_set_hardlink(entry, e.link.c_str());
                break;
            case 'p': archive_entry_set_filetype(entry, AE_IFIFO); break;
            default:
                archive_entry_set_filetype(entry, AE_IFREG);
                archive_entry_set_size(entry, static_cast<la_int64_t>(e.content.size()));
        }
        archive_write_header(writer, entry);
        if (e.type == 'f') archive_write_data(writer, e.content.data(), e.content.size());
        archive_entry_free(entry);
    }
    archive_write_close(writer);
    archive_write_free(writer);
}

std::vector<Entry> release(const std::string& version, const std::string& cli_script) {
    const std::string top = "parley-" + version;
    std::vector<Entry> entries = {{top, 'd'},
                                  {top + "/bin", 'd'},
                                  {top + "/bin/parley-cli", 'f', cli_script, "", 0755},
                                  {top + "/bin/parley", 'f', "#!/bin/sh\n", "", 0755},
                                  {top + "/share/doc/README", 'f', "hello"}};
    if (test::unprivileged_symlinks) entries.push_back({top + "/bin/parley-link", 'l', "", "parley"});
    return entries;
}

std::string healthy_cli(const std::string& version) {
    return "#!/bin/sh\necho parley-cli " + version + "\n";
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(release_archive)

BOOST_AUTO_TEST_CASE(a_good_archive_unpacks_under_its_top_folder) {
    TempDir dir;
    write_tar_gz(dir.path() / "a.tar.gz", release("1.0.0", "x"));
    extract_release_archive(dir.path() / "a.tar.gz", "parley-1.0.0", dir.path() / "out");
    BOOST_TEST(slurp(dir.path() / "out/share/doc/README") == "hello");
    if constexpr (test::unprivileged_symlinks) {
        BOOST_TEST(fs::read_symlink(dir.path() / "out/bin/parley-link") == "parley");
    }
    if constexpr (test::posix_file_modes) {
        BOOST_TEST(
            ((fs::status(dir.path() / "out/bin/parley-cli").permissions() & fs::perms::owner_exec) != fs::perms::none));
    }
}

BOOST_AUTO_TEST_CASE(a_link_that_cannot_be_made_is_a_clear_error,
                     *boost::unit_test::enable_if<!test::unprivileged_symlinks>()) {
    TempDir dir;
    const std::string top = "parley-1.0.0";
    write_tar_gz(dir.path() / "a.tar.gz", {{top, 'd'}, {top + "/bin", 'd'}, {top + "/bin/l", 'l', "", "parley"}});
    try {
        extract_release_archive(dir.path() / "a.tar.gz", top, dir.path() / "out");
        BOOST_ERROR("a link was made where links cannot be made");
    } catch (const ArchiveError& error) {
        BOOST_TEST(std::string(error.what()).find("cannot create the link") != std::string::npos, error.what());
    }
}

BOOST_AUTO_TEST_CASE(hostile_archives_are_refused_and_leave_nothing) {
    const std::string top = "parley-1.0.0";
    const std::vector<std::pair<std::vector<Entry>, std::string>> cases = {
        {{{top, 'd'}, {"/etc/evil", 'f', "x"}}, "unsafe path"},
        {{{top, 'd'}, {top + "/../evil", 'f', "x"}}, "unsafe path"},
        {{{top, 'd'}, {"other/evil", 'f', "x"}}, "outside"},
        {{{top, 'd'}, {top + "/a", 'f', "x"}, {top + "/a", 'f', "y"}}, "same path twice"},
        {{{top, 'd'}, {top + "/l", 'l', "", "/etc/passwd"}}, "link pointing outside"},
        {{{top, 'd'}, {top + "/l", 'l', "", "../../etc"}}, "link pointing outside"},
        {{{top, 'd'}, {top + "/bin", 'd'}, {top + "/bin/l", 'l', "", "../.."}}, "link pointing outside"},
        {{{top, 'd'}, {top + "/a", 'f', "x"}, {top + "/h", 'h', "", top + "/a"}}, "hard link"},
        {{{top, 'd'}, {top + "/fifo", 'p'}}, "special file"},
    };
    for (const auto& [entries, words] : cases) {
        TempDir dir;
        write_tar_gz(dir.path() / "a.tar.gz", entries);
        try {
            extract_release_archive(dir.path() / "a.tar.gz", top, dir.path() / "out");
            BOOST_ERROR("accepted an archive that should fail with: " + words);
        } catch (const ArchiveError& error) {
            BOOST_TEST(std::string(error.what()).find(words) != std::string::npos, error.what());
        }
        BOOST_TEST(!fs::exists(dir.path() / "out"));
        BOOST_TEST(!fs::exists(dir.path() / "evil"));
    }
}

BOOST_AUTO_TEST_CASE(size_and_entry_caps_hold) {
    TempDir dir;
    write_tar_gz(dir.path() / "big.tar.gz",
                 {{"parley-1.0.0", 'd'}, {"parley-1.0.0/big", 'f', std::string(5 << 20, 'z')}});
    BOOST_CHECK_THROW(extract_release_archive(dir.path() / "big.tar.gz", "parley-1.0.0", dir.path() / "out",
                                              ArchiveLimits{1 << 20, 100}),
                      ArchiveError);
    BOOST_TEST(!fs::exists(dir.path() / "out"));
    std::vector<Entry> many{{"parley-1.0.0", 'd'}};
    for (int i = 0; i < 50; ++i) many.push_back({"parley-1.0.0/f" + std::to_string(i), 'f', "x"});
    write_tar_gz(dir.path() / "many.tar.gz", many);
    BOOST_CHECK_THROW(extract_release_archive(dir.path() / "many.tar.gz", "parley-1.0.0", dir.path() / "out",
                                              ArchiveLimits{1 << 20, 20}),
                      ArchiveError);
}

BOOST_AUTO_TEST_CASE(truncated_and_garbage_archives_are_refused) {
    TempDir dir;
    write_tar_gz(dir.path() / "a.tar.gz", release("1.0.0", std::string(100000, 'q')));
    const std::string whole = slurp(dir.path() / "a.tar.gz");
    std::ofstream(dir.path() / "cut.tar.gz", std::ios::binary) << whole.substr(0, whole.size() / 2);
    BOOST_CHECK_THROW(extract_release_archive(dir.path() / "cut.tar.gz", "parley-1.0.0", dir.path() / "out"),
                      ArchiveError);
    BOOST_TEST(!fs::exists(dir.path() / "out"));
    std::ofstream(dir.path() / "junk.tar.gz", std::ios::binary) << "not an archive at all";
    BOOST_CHECK_THROW(extract_release_archive(dir.path() / "junk.tar.gz", "parley-1.0.0", dir.path() / "out"),
                      ArchiveError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(release_installer)

BOOST_AUTO_TEST_CASE(install_switches_current_and_rollback_goes_back,
                     *boost::unit_test::enable_if<test::scripts_are_programs>()) {
    TempDir dir;
    ReleaseInstaller installer(dir.path() / "root", dir.path() / "state");
    write_tar_gz(dir.path() / "a.tar.gz", release("1.0.0", healthy_cli("1.0.0")));
    write_tar_gz(dir.path() / "b.tar.gz", release("1.1.0", healthy_cli("1.1.0")));
    installer.install(dir.path() / "a.tar.gz", "1.0.0");
    installer.install(dir.path() / "b.tar.gz", "1.1.0");
    BOOST_TEST(*installer.installed_version() == "1.1.0");
    BOOST_TEST(slurp(dir.path() / "root/current/bin/parley-cli") == healthy_cli("1.1.0"));
    BOOST_TEST(*installer.state().previous == "1.0.0");
    BOOST_TEST(installer.rollback() == "1.0.0");
    BOOST_TEST(*installer.installed_version() == "1.0.0");
    BOOST_TEST(!fs::exists(dir.path() / "state/update-journal.json"));
}

BOOST_AUTO_TEST_CASE(a_failing_health_check_rolls_back_and_blocklists,
                     *boost::unit_test::enable_if<test::scripts_are_programs>()) {
    TempDir dir;
    ReleaseInstaller installer(dir.path() / "root", dir.path() / "state");
    write_tar_gz(dir.path() / "a.tar.gz", release("1.0.0", healthy_cli("1.0.0")));
    installer.install(dir.path() / "a.tar.gz", "1.0.0");
    for (const std::string bad : {"#!/bin/sh\nexit 3\n", "#!/bin/sh\necho parley-cli 9.9.9\n"}) {
        write_tar_gz(dir.path() / "b.tar.gz", release("1.1.0", bad));
        fs::remove(dir.path() / "state/updater-state.json");
        try {
            installer.install(dir.path() / "b.tar.gz", "1.1.0");
            BOOST_ERROR("a broken version was kept");
        } catch (const InstallError& error) {
            BOOST_TEST(std::string(error.what()).find("1.0.0 is running again") != std::string::npos, error.what());
        }
        BOOST_TEST(*installer.installed_version() == "1.0.0");
        BOOST_TEST(!fs::exists(dir.path() / "root/versions/1.1.0"));
        BOOST_TEST(installer.state().blocklist.contains("1.1.0"));
    }
}

BOOST_AUTO_TEST_CASE(a_hostile_archive_changes_nothing, *boost::unit_test::enable_if<test::scripts_are_programs>()) {
    TempDir dir;
    ReleaseInstaller installer(dir.path() / "root", dir.path() / "state");
    write_tar_gz(dir.path() / "a.tar.gz", release("1.0.0", healthy_cli("1.0.0")));
    installer.install(dir.path() / "a.tar.gz", "1.0.0");
    write_tar_gz(dir.path() / "b.tar.gz", {{"parley-1.1.0", 'd'}, {"parley-1.1.0/l", 'l', "", "/etc"}});
    BOOST_CHECK_THROW(installer.install(dir.path() / "b.tar.gz", "1.1.0"), InstallError);
    BOOST_TEST(*installer.installed_version() == "1.0.0");
    BOOST_TEST(!fs::exists(dir.path() / "root/versions/.1.1.0.partial"));
    BOOST_TEST(!fs::exists(dir.path() / "state/update-journal.json"));
}

BOOST_AUTO_TEST_CASE(recovery_undoes_an_unconfirmed_switch,
                     *boost::unit_test::enable_if<test::scripts_are_programs>()) {
    TempDir dir;
    ReleaseInstaller installer(dir.path() / "root", dir.path() / "state");
    write_tar_gz(dir.path() / "a.tar.gz", release("1.0.0", healthy_cli("1.0.0")));
    installer.install(dir.path() / "a.tar.gz", "1.0.0");
    // What a run killed between switching and its health check leaves.
    write_tar_gz(dir.path() / "b.tar.gz", release("1.1.0", healthy_cli("1.1.0")));
    extract_release_archive(dir.path() / "b.tar.gz", "parley-1.1.0", dir.path() / "root/versions/1.1.0");
    switch_current_version(dir.path() / "root", "1.1.0");
    std::ofstream(dir.path() / "state/update-journal.json") << R"({"step":"switching","from":"1.0.0","to":"1.1.0"})";
    BOOST_TEST(installer.recover().has_value());
    BOOST_TEST(*installer.installed_version() == "1.0.0");
    BOOST_TEST(!fs::exists(dir.path() / "root/versions/1.1.0"));
    BOOST_TEST(!installer.recover().has_value());
}

BOOST_AUTO_TEST_CASE(serial_only_grows) {
    TempDir dir;
    ReleaseInstaller installer(dir.path() / "root", dir.path() / "state");
    installer.remember_serial(5);
    installer.remember_serial(3);
    BOOST_TEST(installer.state().highest_serial == 5u);
}

BOOST_AUTO_TEST_SUITE_END()
