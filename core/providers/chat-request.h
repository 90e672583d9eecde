#pragma once

#include <optional>
#include <string>
#include <vector>

namespace parley {

struct Attachment {
    std::string mime_type;  // image/png, image/jpeg, image/webp, image/gif
    std::string data;       // raw bytes
    std::string name;
};

enum class Role { user, assistant };

struct ChatTurn {
    Role role = Role::user;
    std::string text;
    std::vector<Attachment> attachments;
};

struct ChatRequest {
    std::string model;
    std::string system;
    std::vector<ChatTurn> turns;
    std::optional<double> temperature;
    std::optional<int> max_tokens;
    bool stream = true;
};

struct Usage {
    long long input_tokens = 0;
    long long output_tokens = 0;
    bool known = false;
};

}  // namespace parley
