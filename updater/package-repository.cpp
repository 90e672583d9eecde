#include "package-repository.h"

#include "argument-list.h"
#include "external-tool.h"

#include <Poco/DeflatingStream.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <stdexcept>

namespace parley {
namespace {

namespace fs = std::filesystem;

// The one suite and component the vendor publishes; the .deb's sources entry names the same.
constexpr const char* suite = "stable";
constexpr const char* component = "main";

struct RepositoryArguments {
    fs::path out;
    fs::path gpg_homedir;
    std::string key;
    std::string url;
    std::vector<fs::path> packages;
};

RepositoryArguments parse_arguments(const std::vector<std::string>& args, bool wants_url,
                                    const std::string& extension) {
    RepositoryArguments parsed;
    ArgumentList list(args);
    const std::string homedir = list.require_value("--gpg-homedir");
    parsed.key = list.require_value("--key");
    const std::string out = list.require_value("--out");
    if (wants_url) parsed.url = list.require_value("--url");
    while (const auto package = list.next_positional()) parsed.packages.emplace_back(*package);
    list.expect_end();
    if (parsed.packages.empty()) throw UsageError("no " + extension + " package given");
    for (const auto& package : parsed.packages) {
        if (package.extension() != extension) throw UsageError(package.string() + " is not a " + extension + " file");
        if (!fs::is_regular_file(package)) throw std::runtime_error(package.string() + ": no such file");
    }
    parsed.out = fs::absolute(out);
    parsed.gpg_homedir = fs::absolute(homedir);
    while (parsed.url.ends_with('/')) parsed.url.pop_back();
    return parsed;
}

void write_text(const fs::path& file, const std::string& contents) {
    std::ofstream stream(file, std::ios::binary | std::ios::trunc);
    stream << contents;
    stream.close();
    if (!stream) throw std::runtime_error("cannot write " + file.string());
}

void write_gzip(const fs::path& file, const std::string& contents) {
    std::ofstream stream(file, std::ios::binary | std::ios::trunc);
    {
        Poco::DeflatingOutputStream gzip(stream, Poco::DeflatingStreamBuf::STREAM_GZIP, 9);
        gzip << contents;
        gzip.close();
    }
    stream.close();
    if (!stream) throw std::runtime_error("cannot write " + file.string());
}

std::vector<std::string> gpg_arguments(const RepositoryArguments& repository, std::vector<std::string> more) {
    std::vector<std::string> args{"--homedir",   repository.gpg_homedir.string(), "--batch", "--yes", "--local-user",
                                  repository.key};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

// Refuses early and clearly when the signing key is not there, rather than after copying packages.
void require_secret_key(const RepositoryArguments& repository) {
    try {
        run_external_tool(
            "gpg", "gpg",
            {"--homedir", repository.gpg_homedir.string(), "--batch", "--list-secret-keys", repository.key},
            fs::current_path());
    } catch (const ExternalToolError&) {
        throw std::runtime_error("no secret key " + repository.key + " in " + repository.gpg_homedir.string());
    }
}

std::string deb_field(const fs::path& deb, const std::string& field) {
    std::string value = run_external_tool("dpkg-deb", "dpkg", {"--field", deb.string(), field}, fs::current_path()).out;
    while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.pop_back();
    if (value.empty()) throw std::runtime_error(deb.string() + " has no " + field + " field");
    return value;
}

void build_apt_repository(const RepositoryArguments& repository) {
    require_external_tools({{"apt-ftparchive", "apt-utils"}, {"gpg", "gpg"}, {"dpkg-deb", "dpkg"}});
    require_secret_key(repository);
    std::set<std::string> architectures;
    for (const auto& deb : repository.packages) {
        const std::string name = deb_field(deb, "Package");
        const std::string architecture = deb_field(deb, "Architecture");
        if (architecture != "all") architectures.insert(architecture);
        // Debian's pool layout: pool/COMPONENT/INITIAL/SOURCE/FILE.
        const fs::path pool = repository.out / "pool" / component / name.substr(0, 1) / name;
        fs::create_directories(pool);
        fs::copy_file(deb, pool / deb.filename(), fs::copy_options::overwrite_existing);
    }
    if (architectures.empty()) architectures.insert("amd64");

    const fs::path dists = repository.out / "dists" / suite;
    // A previous run's index files would otherwise be hashed into the new Release.
    fs::remove_all(dists);
    std::string architecture_list;
    for (const auto& architecture : architectures) {
        const fs::path binary = dists / component / ("binary-" + architecture);
        fs::create_directories(binary);
        const std::string packages =
            run_external_tool("apt-ftparchive", "apt-utils",
                              {"--arch", architecture, "packages", std::string("pool/") + component}, repository.out)
                .out;
        write_text(binary / "Packages", packages);
        write_gzip(binary / "Packages.gz", packages);
        architecture_list += (architecture_list.empty() ? "" : " ") + architecture;
    }

    const std::string prefix = "APT::FTPArchive::Release::";
    const std::string release =
        run_external_tool(
            "apt-ftparchive", "apt-utils",
            {"-o", prefix + "Origin=Parley", "-o", prefix + "Label=Parley", "-o", prefix + "Suite=" + suite, "-o",
             prefix + "Codename=" + suite, "-o", prefix + "Architectures=" + architecture_list, "-o",
             prefix + "Components=" + component, "release", "dists/" + std::string(suite)},
            repository.out)
            .out;
    write_text(dists / "Release", release);
    run_external_tool("gpg", "gpg", gpg_arguments(repository, {"--clearsign", "--output", "InRelease", "Release"}),
                      dists);
    run_external_tool("gpg", "gpg",
                      gpg_arguments(repository, {"--armor", "--detach-sign", "--output", "Release.gpg", "Release"}),
                      dists);
}

void build_rpm_repository(const RepositoryArguments& repository) {
    require_external_tools({{"rpmsign", "rpm"}, {"createrepo_c", "createrepo-c"}, {"gpg", "gpg"}});
    require_secret_key(repository);
    const fs::path packages = repository.out / "Packages";
    fs::create_directories(packages);
    for (const auto& rpm : repository.packages) {
        const fs::path copy = packages / rpm.filename();
        fs::copy_file(rpm, copy, fs::copy_options::overwrite_existing);
        // gpgcheck=1 in the .repo file: dnf checks each package's own signature. rpm's default
        // signing command names gpg2, which Debian does not have.
        run_external_tool("rpmsign", "rpm",
                          {"--addsign", "--define", "__gpg " + locate_external_tool("gpg", "gpg").string(), "--define",
                           "_gpg_sign_cmd_extra_args --batch", "--define", "_gpg_name " + repository.key, "--define",
                           "_gpg_path " + repository.gpg_homedir.string(), copy.string()},
                          repository.out);
    }
    run_external_tool("createrepo_c", "createrepo-c", {"--quiet", repository.out.string()}, repository.out);
    run_external_tool(
        "gpg", "gpg",
        gpg_arguments(repository, {"--armor", "--detach-sign", "--output", "repomd.xml.asc", "repomd.xml"}),
        repository.out / "repodata");
    const std::string public_key = run_external_tool("gpg", "gpg",
                                                     {"--homedir", repository.gpg_homedir.string(), "--batch",
                                                      "--armor", "--export", repository.key},
                                                     repository.out)
                                       .out;
    write_text(repository.out / "RPM-GPG-KEY-parley", public_key);
    write_text(repository.out / "parley.repo",
               "[parley]\n"
               "name=Parley\n"
               "baseurl=" +
                   repository.url +
                   "\n"
                   "enabled=1\n"
                   "gpgcheck=1\n"
                   "repo_gpgcheck=1\n"
                   "gpgkey=" +
                   repository.url + "/RPM-GPG-KEY-parley\n");
}

template <typename Build>
int run_repository_command(const char* command, const std::vector<std::string>& args, bool wants_url,
                           const std::string& extension, Build build) {
    try {
        const RepositoryArguments repository = parse_arguments(args, wants_url, extension);
        build(repository);
        std::cout << command << ": " << repository.packages.size() << " package(s) published in "
                  << repository.out.string() << ", signed by " << repository.key << "\n";
        return 0;
    } catch (const UsageError& e) {
        std::cerr << "parley-release " << command << ": " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "parley-release " << command << ": " << e.what() << "\n";
        return 1;
    }
}

}  // namespace

int run_apt_repo(const std::vector<std::string>& args) {
    return run_repository_command("apt-repo", args, false, ".deb", build_apt_repository);
}

int run_rpm_repo(const std::vector<std::string>& args) {
    return run_repository_command("rpm-repo", args, true, ".rpm", build_rpm_repository);
}

}  // namespace parley
