#include "providers/provider-profile.h"

#include "providers/provider-presets.h"

#include <Poco/Exception.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace parley {

namespace {

bool is_this_machine(const std::string& host) {
    if (Poco::icompare(host, "localhost") == 0) return true;
    Poco::Net::IPAddress address;
    return Poco::Net::IPAddress::tryParse(host, address) && address.isLoopback();
}

}  // namespace

std::string ProviderProfile::effective_base_url() const {
    std::string url = base_url;
    if (url.empty()) {
        const auto named = find_preset(preset);
        url = std::string(named ? named->base_url : default_preset(kind).base_url);
    }
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

std::string clear_text_key_risk(const ProviderProfile& profile) {
    const std::string url = profile.effective_base_url();
    Poco::URI uri;
    try {
        uri = Poco::URI(url);
    } catch (const Poco::Exception&) {
        return {};  // not a URL at all: refused where it is used, with its own error
    }
    if (Poco::icompare(uri.getScheme(), "http") != 0 || is_this_machine(uri.getHost())) return {};
    return url +
           " is plain http to another machine: the API key and every message would cross the network "
           "unencrypted";
}

}  // namespace parley
