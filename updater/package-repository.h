#pragma once

#include <string>
#include <vector>

namespace parley {

// `parley-release apt-repo --out DIR --gpg-homedir GNUPGHOME --key KEYID DEB...`: a signed apt
// repository (DIR/pool/main/…, DIR/dists/stable/{Release,InRelease,Release.gpg}) built with
// apt-ftparchive and gpg. Returns the process exit code (0, 2 usage, 1 failure).
int run_apt_repo(const std::vector<std::string>& args);

// `parley-release rpm-repo --out DIR --gpg-homedir GNUPGHOME --key KEYID --url URL RPM...`: a
// signed dnf/yum repository (each package signed with rpmsign, repodata by createrepo_c with a
// detached signature of repomd.xml), the public key and DIR/parley.repo pointing at URL.
int run_rpm_repo(const std::vector<std::string>& args);

}  // namespace parley
