// Linux: the Secret Service (GNOME Keyring, KWallet, KeePassXC) via libsecret.
#include "os-credential-store.h"

#include <libsecret/secret.h>

#include <memory>

namespace parley {

namespace {

// Items carry the app's own schema, so `secret-tool search provider ID`
// and Seahorse show them, and the profile attribute keeps profiles apart.
const SecretSchema* parley_schema() {
    static const SecretSchema schema = {
        "io.parley.ApiKey",
        SECRET_SCHEMA_NONE,
        {
            {"provider", SECRET_SCHEMA_ATTRIBUTE_STRING},
            {"profile", SECRET_SCHEMA_ATTRIBUTE_STRING},
            {nullptr, SECRET_SCHEMA_ATTRIBUTE_STRING},
        },
        0, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
    return &schema;
}

struct GErrorFree {
    void operator()(GError* e) const { g_error_free(e); }
};
using ErrorPtr = std::unique_ptr<GError, GErrorFree>;

struct HashTableUnref {
    void operator()(GHashTable* t) const { g_hash_table_unref(t); }
};
using HashTablePtr = std::unique_ptr<GHashTable, HashTableUnref>;

CredentialError to_error(const char* action, const std::string& provider_id, GError* raw) {
    ErrorPtr error(raw);
    const std::string detail = error ? error->message : "unknown error";
    auto kind = CredentialError::Kind::io;
    if (error && error->domain == G_DBUS_ERROR) kind = CredentialError::Kind::unavailable;
    if (error && error->domain == SECRET_ERROR && error->code == SECRET_ERROR_IS_LOCKED) {
        kind = CredentialError::Kind::locked;
    }
    if (error && g_error_matches(error.get(), G_IO_ERROR, G_IO_ERROR_CANCELLED)) kind = CredentialError::Kind::denied;
    return CredentialError(kind, std::string("Secret Service: cannot ") + action + " the key for '" + provider_id +
                                     "': " + detail);
}

class LibsecretStore final : public CredentialStore {
public:
    explicit LibsecretStore(std::string profile) : profile_(std::move(profile)) {}

    std::string name() const override { return "Secret Service"; }

    bool is_available() override {
        GError* raw = nullptr;
        SecretService* service = secret_service_get_sync(SECRET_SERVICE_NONE, nullptr, &raw);
        ErrorPtr error(raw);
        if (!service) return false;
        g_object_unref(service);
        return true;
    }

    void store(const std::string& provider_id, const Secret& key) override {
        auto attributes = attributes_for(provider_id);
        const std::string label = "Parley API key: " + provider_id + " (profile " + profile_ + ")";
        // libsecret needs a NUL-terminated string: a Secret's view is over a
        // std::string, so a copy's data() is terminated and wiped on scope exit.
        const Secret copy{std::string(key.view())};
        GError* raw = nullptr;
        const gboolean ok = secret_password_storev_sync(parley_schema(), attributes.get(), SECRET_COLLECTION_DEFAULT,
                                                        label.c_str(), copy.view().data(), nullptr,
                                                        &raw);
        if (!ok || raw) throw to_error("store", provider_id, raw);
    }

    std::optional<Secret> lookup(const std::string& provider_id) override {
        auto attributes = attributes_for(provider_id);
        GError* raw = nullptr;
        gchar* value = secret_password_lookupv_sync(parley_schema(), attributes.get(), nullptr, &raw);
        if (raw) throw to_error("read", provider_id, raw);
        if (!value) return std::nullopt;
        Secret key{std::string(value)};
        secret_password_free(value);  // wipes before freeing
        return key;
    }

    bool remove(const std::string& provider_id) override {
        auto attributes = attributes_for(provider_id);
        GError* raw = nullptr;
        const gboolean removed = secret_password_clearv_sync(parley_schema(), attributes.get(), nullptr, &raw);
        if (raw) throw to_error("remove", provider_id, raw);
        return removed != FALSE;
    }

    std::vector<std::string> list() override {
        HashTablePtr attributes(g_hash_table_new(g_str_hash, g_str_equal));
        g_hash_table_insert(attributes.get(), const_cast<char*>("profile"), const_cast<char*>(profile_.c_str()));
        GError* raw = nullptr;
        GList* items = secret_password_searchv_sync(parley_schema(), attributes.get(), SECRET_SEARCH_ALL, nullptr,
                                                    &raw);
        if (raw) throw to_error("list", "*", raw);
        std::vector<std::string> ids;
        for (GList* it = items; it; it = it->next) {
            auto* retrievable = SECRET_RETRIEVABLE(it->data);
            GHashTable* found = secret_retrievable_get_attributes(retrievable);
            if (const auto* provider = static_cast<const char*>(g_hash_table_lookup(found, "provider"))) {
                ids.emplace_back(provider);
            }
            g_hash_table_unref(found);
        }
        g_list_free_full(items, g_object_unref);
        return ids;
    }

private:
    HashTablePtr attributes_for(const std::string& provider_id) const {
        HashTablePtr attributes(g_hash_table_new(g_str_hash, g_str_equal));
        g_hash_table_insert(attributes.get(), const_cast<char*>("provider"), const_cast<char*>(provider_id.c_str()));
        g_hash_table_insert(attributes.get(), const_cast<char*>("profile"), const_cast<char*>(profile_.c_str()));
        return attributes;
    }

    std::string profile_;
};

}  // namespace

std::unique_ptr<CredentialStore> make_os_credential_store(const std::string& profile) {
    return std::make_unique<LibsecretStore>(profile);
}

}  // namespace parley
