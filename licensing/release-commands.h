#pragma once

#include "argument-list.h"

namespace parley::licensing {

// release publish | list: the signed manifests the update endpoint offers.
// Publishing checks the signature with the release public key given on the
// command line; the release secret key never comes near the service.
int run_release_command(const std::string& action, ArgumentList& args);

}  // namespace parley::licensing
