#include "licensing/license-envelope.h"

#include "crypto/base64.h"
#include "util/json-text.h"

#include <nlohmann/json.hpp>

namespace parley {

namespace {

using nlohmann::json;

std::string signed_message(std::string_view payload) {
    std::string message(kLicenseDomainTag);
    message.append(payload);
    return message;
}

const json& field(const json& object, const char* name, json::value_t type) {
    const auto it = object.find(name);
    if (it == object.end()) throw EnvelopeError(std::string("the answer lacks '") + name + "'");
    const bool ok = type == json::value_t::number_integer ? it->is_number_integer() : it->type() == type;
    if (!ok) throw EnvelopeError(std::string("the answer's '") + name + "' has the wrong type");
    return *it;
}

std::optional<std::string> optional_date(const json& object, const char* name) {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) throw EnvelopeError(std::string("the answer's '") + name + "' has the wrong type");
    return it->get<std::string>();
}

void date_or_null(JsonObjectText& object, std::string_view key, const std::optional<std::string>& date) {
    if (date)
        object.field(key, *date);
    else
        object.null_field(key);
}

}  // namespace

std::string license_answer_to_json(const LicenseAnswer& answer) {
    // The keys in sorted order, as nlohmann::json's object writes them.
    JsonObjectText payload;
    payload.field("edition", answer.edition);
    date_or_null(payload, "expires", answer.expires);
    payload.field("fingerprint", answer.fingerprint)
        .field("issued", answer.issued)
        .field("message", answer.message)
        .field("nonce", answer.nonce)
        .field("seats", std::int64_t{answer.seats})
        .field("seats_used", std::int64_t{answer.seats_used})
        .field("status", answer.status);
    date_or_null(payload, "updates_until", answer.updates_until);
    payload.field("valid_until", answer.valid_until);
    return payload.finish();
}

LicenseAnswer license_answer_from_json(std::string_view payload) {
    const json object = json::parse(payload, nullptr, false);
    if (object.is_discarded() || !object.is_object()) throw EnvelopeError("the answer's payload is not a JSON object");
    using T = json::value_t;
    LicenseAnswer answer;
    answer.status = field(object, "status", T::string).get<std::string>();
    answer.nonce = field(object, "nonce", T::string).get<std::string>();
    answer.fingerprint = field(object, "fingerprint", T::string).get<std::string>();
    answer.edition = field(object, "edition", T::string).get<std::string>();
    answer.seats = field(object, "seats", T::number_integer).get<int>();
    answer.seats_used = field(object, "seats_used", T::number_integer).get<int>();
    answer.expires = optional_date(object, "expires");
    answer.updates_until = optional_date(object, "updates_until");
    answer.issued = field(object, "issued", T::number_integer).get<std::int64_t>();
    answer.valid_until = field(object, "valid_until", T::number_integer).get<std::int64_t>();
    answer.message = field(object, "message", T::string).get<std::string>();
    return answer;
}

std::string sign_license_envelope(const Secret& secret_key, std::string_view payload) {
    return sign_license_envelope([&](std::string_view message) { return ed25519_sign(secret_key, message); }, payload);
}

std::string sign_license_envelope(const std::function<Ed25519Signature(std::string_view message)>& sign,
                                  std::string_view payload) {
    const Ed25519Signature signature = sign(signed_message(payload));
    return JsonObjectText()
        .field("payload", base64_encode(payload))
        .field("signature",
               base64_encode(std::string_view(reinterpret_cast<const char*>(signature.data()), signature.size())))
        .finish();
}

std::string open_license_envelope(std::string_view envelope_json, std::span<const Ed25519PublicKey> trusted_keys) {
    const json envelope = json::parse(envelope_json, nullptr, false);
    if (envelope.is_discarded() || !envelope.is_object()) throw EnvelopeError("the answer is not a JSON object");
    const auto payload = base64_decode(field(envelope, "payload", json::value_t::string).get<std::string>());
    const auto signature = base64_decode(field(envelope, "signature", json::value_t::string).get<std::string>());
    if (!payload || !signature) throw EnvelopeError("the answer's payload or signature is not valid base64");
    const std::span<const unsigned char> signature_bytes(reinterpret_cast<const unsigned char*>(signature->data()),
                                                         signature->size());
    const std::string message = signed_message(*payload);
    for (const auto& key : trusted_keys)
        if (ed25519_verify(key, message, signature_bytes)) return *payload;
    throw EnvelopeError("the answer is not signed by a trusted license key");
}

}  // namespace parley
