// parley-release: the vendor's release tool.
#include "package-repository.h"

#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

using Command = int (*)(const std::vector<std::string>&);

const std::map<std::string, Command> commands{
    {"apt-repo", parley::run_apt_repo},
    {"rpm-repo", parley::run_rpm_repo},
};

int usage() {
    std::cerr << "usage: parley-release apt-repo --out DIR --gpg-homedir GNUPGHOME --key KEYID DEB...\n"
                 "       parley-release rpm-repo --out DIR --gpg-homedir GNUPGHOME --key KEYID --url URL RPM...\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const auto command = commands.find(argv[1]);
    if (command == commands.end()) return usage();
    return command->second(std::vector<std::string>(argv + 2, argv + argc));
}
