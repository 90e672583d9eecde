#include "cloudfront-url.h"

#include "crypto/base64.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>
#include <vector>

namespace parley {

namespace {

using nlohmann::ordered_json;

struct BioFree {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
struct PkeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

Pkey read_pem(const std::string& pem, bool private_key) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    Pkey key(bio ? (private_key ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                                : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr))
                 : nullptr);
    if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
        throw CloudFrontError(private_key ? "the CloudFront private key is not an RSA key in PEM form"
                                          : "a CloudFront public key is not an RSA key in PEM form");
    return key;
}

const EVP_MD* digest_for(CloudFrontHash hash) {
    return hash == CloudFrontHash::sha256 ? EVP_sha256() : EVP_sha1();
}

std::string url_safe(std::string base64) {
    std::replace(base64.begin(), base64.end(), '+', '-');
    std::replace(base64.begin(), base64.end(), '=', '_');
    std::replace(base64.begin(), base64.end(), '/', '~');
    return base64;
}

std::optional<std::string> from_url_safe(std::string text) {
    for (char& c : text) {
        if (c == '+' || c == '=' || c == '/') return std::nullopt;
        if (c == '-')
            c = '+';
        else if (c == '_')
            c = '=';
        else if (c == '~')
            c = '/';
    }
    return base64_decode(text);
}

// The policy JSON exactly as the AWS signer writes it (JSON.stringify of an
// object built in this key order).
std::string policy_json(const std::string& resource, std::int64_t expires, std::optional<std::int64_t> not_before,
                        const std::optional<std::string>& source_ip) {
    ordered_json condition;
    condition["DateLessThan"] = {{"AWS:EpochTime", expires}};
    if (not_before) condition["DateGreaterThan"] = {{"AWS:EpochTime", *not_before}};
    if (source_ip) {
        std::string cidr = *source_ip;
        if (cidr.find('/') == std::string::npos) cidr += "/32";
        condition["IpAddress"] = {{"AWS:SourceIp", cidr}};
    }
    ordered_json statement;
    statement["Resource"] = resource;
    statement["Condition"] = condition;
    ordered_json policy;
    policy["Statement"] = ordered_json::array({statement});
    // A resource from an untrusted URL may hold bytes that are not UTF-8: they
    // are replaced, so its signature fails to verify instead of dump throwing.
    return policy.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

std::string rsa_sign(const std::string& data, const CloudFrontSigning& signing) {
    const Pkey key = read_pem(signing.private_key_pem, true);
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    std::size_t size = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, digest_for(signing.hash), nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &size, reinterpret_cast<const unsigned char*>(data.data()), data.size()) !=
            1)
        throw CloudFrontError("OpenSSL could not sign the CloudFront policy");
    std::string signature(size, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
        throw CloudFrontError("OpenSSL could not sign the CloudFront policy");
    signature.resize(size);
    return signature;
}

bool rsa_verify(const std::string& data, const std::string& signature, const std::string& public_key_pem,
                CloudFrontHash hash) {
    const Pkey key = read_pem(public_key_pem, false);
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, digest_for(hash), nullptr, key.get()) == 1 &&
           EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                            reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

std::optional<std::int64_t> parse_epoch(std::string_view text) {
    std::int64_t value = 0;
    if (text.empty() || text.size() > 12) return std::nullopt;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

// `*` matches any run of characters, `?` one, as CloudFront's policy
// resources do.
bool wildcard_match(std::string_view pattern, std::string_view text) {
    std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

std::int64_t epoch_member(const nlohmann::json& condition, const char* name) {
    const auto it = condition.find(name);
    if (it == condition.end()) return -1;
    const auto epoch = it->find("AWS:EpochTime");
    if (!it->is_object() || it->size() != 1 || epoch == it->end() || !epoch->is_number_integer())
        throw CloudFrontError(std::string("the download URL's policy has a malformed ") + name);
    return epoch->get<std::int64_t>();
}

}  // namespace

std::string cloudfront_sign_url(const CloudFrontGrant& grant, const CloudFrontSigning& signing) {
    if (!grant.url.starts_with("https://") && !grant.url.starts_with("http://"))
        throw CloudFrontError("a CloudFront URL starts with https:// or http://");
    const bool custom = grant.not_before || grant.source_ip;
    const std::string policy = policy_json(grant.url, grant.expires, grant.not_before, grant.source_ip);
    const std::string signature = url_safe(base64_encode(rsa_sign(policy, signing)));
    std::string url = grant.url + (grant.url.find('?') == std::string::npos ? "?" : "&");
    if (custom)
        url += "Policy=" + url_safe(base64_encode(policy));
    else
        url += "Expires=" + std::to_string(grant.expires);
    url += "&Key-Pair-Id=" + signing.key_pair_id + "&Signature=" + signature;
    if (signing.hash == CloudFrontHash::sha256) url += "&Hash-Algorithm=SHA256";
    return url;
}

CloudFrontVerifiedUrl cloudfront_verify_url(std::string_view signed_url, std::span<const CloudFrontPublicKey> keys,
                                            std::int64_t now) {
    const auto question = signed_url.find('?');
    if (question == std::string_view::npos || signed_url.find('#') != std::string_view::npos)
        throw CloudFrontError("the download URL carries no CloudFront signature");
    std::string resource(signed_url.substr(0, question));
    std::map<std::string, std::string, std::less<>> signing_params;
    std::vector<std::string_view> own_params;
    std::string_view query = signed_url.substr(question + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        const std::string_view name = pair.substr(0, pair.find('='));
        if (name == "Expires" || name == "Policy" || name == "Signature" || name == "Key-Pair-Id" ||
            name == "Hash-Algorithm") {
            if (pair.size() == name.size())
                throw CloudFrontError("the download URL's " + std::string(name) + " is empty");
            if (!signing_params.emplace(name, pair.substr(name.size() + 1)).second)
                throw CloudFrontError("the download URL repeats " + std::string(name));
        } else {
            own_params.push_back(pair);
        }
    }
    for (std::size_t i = 0; i < own_params.size(); ++i) resource += (i == 0 ? "?" : "&") + std::string(own_params[i]);

    const auto param = [&](const char* name) -> const std::string* {
        const auto it = signing_params.find(name);
        return it == signing_params.end() ? nullptr : &it->second;
    };
    const std::string* key_pair_id = param("Key-Pair-Id");
    const std::string* signature_text = param("Signature");
    const std::string* expires_text = param("Expires");
    const std::string* policy_text = param("Policy");
    if (!key_pair_id || !signature_text || (!expires_text == !policy_text))
        throw CloudFrontError("the download URL's CloudFront parameters are incomplete");

    CloudFrontHash hash = CloudFrontHash::sha1;
    if (const std::string* algorithm = param("Hash-Algorithm")) {
        if (*algorithm != "SHA256")
            throw CloudFrontError("the download URL names an unknown Hash-Algorithm '" + algorithm->substr(0, 16) +
                                  "'");
        hash = CloudFrontHash::sha256;
    }
    const auto key =
        std::find_if(keys.begin(), keys.end(), [&](const auto& k) { return k.key_pair_id == *key_pair_id; });
    if (key == keys.end())
        throw CloudFrontError("the download URL is signed by an unknown CloudFront key (Key-Pair-Id " +
                              key_pair_id->substr(0, 32) + ")");
    const auto signature = from_url_safe(*signature_text);
    if (!signature) throw CloudFrontError("the download URL's Signature is not URL-safe base64");

    std::string policy;
    std::int64_t expires = 0;
    std::int64_t not_before = -1;
    if (expires_text) {
        const auto epoch = parse_epoch(*expires_text);
        if (!epoch) throw CloudFrontError("the download URL's Expires is not a time");
        expires = *epoch;
        policy = policy_json(resource, expires, std::nullopt, std::nullopt);
    } else {
        const auto decoded = from_url_safe(*policy_text);
        if (!decoded) throw CloudFrontError("the download URL's Policy is not URL-safe base64");
        policy = *decoded;
    }
    if (!rsa_verify(policy, *signature, key->public_key_pem, hash))
        throw CloudFrontError("the download URL's CloudFront signature is invalid");

    if (policy_text) {
        const auto json = nlohmann::json::parse(policy, nullptr, false, true);
        const nlohmann::json* statement = nullptr;
        if (json.is_object() && json.size() == 1 && json.contains("Statement") && json["Statement"].is_array() &&
            json["Statement"].size() == 1)
            statement = &json["Statement"][0];
        if (!statement || !statement->is_object() || !statement->contains("Resource") ||
            !(*statement)["Resource"].is_string() || !statement->contains("Condition") ||
            !(*statement)["Condition"].is_object())
            throw CloudFrontError("the download URL's policy is malformed");
        if (!wildcard_match((*statement)["Resource"].get<std::string>(), resource))
            throw CloudFrontError("the download URL's policy is for another resource");
        expires = epoch_member((*statement)["Condition"], "DateLessThan");
        if (expires < 0) throw CloudFrontError("the download URL's policy has no DateLessThan");
        not_before = epoch_member((*statement)["Condition"], "DateGreaterThan");
    }
    if (now >= expires) throw CloudFrontError("the download URL has expired");
    if (not_before >= 0 && now <= not_before) throw CloudFrontError("the download URL is not valid yet");
    return CloudFrontVerifiedUrl{resource, expires};
}

}  // namespace parley
