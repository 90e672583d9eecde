#pragma once

#include <string>
#include <string_view>

namespace parley {

// Replaces key-shaped substrings with "[redacted]" before text reaches a log,
// a terminal or an error dialog:
//   - OpenAI "sk-..." / "sk-proj-...", Anthropic "sk-ant-...", OpenRouter and
//     other "sk-" keys: "sk-" at a word start and 16 or more key characters
//     (letters, digits, '-', '_', and '*' so masked echoes go too);
//   - Google "AIza" followed by 35 or more key characters;
//   - the token after "Bearer " (any case): 8 or more token characters, not
//     all letters, so the prose "Bearer authentication" stays;
//   - any other run of 32 or more letters, digits, '-' and '_' that mixes
//     letters and digits, except a UUID (optionally after a word prefix such
//     as "conv_"), which ids in messages look like.
// Model names such as gpt-4o-2024-08-06 and ordinary words are left alone.
// Idempotent.
std::string redact_secrets(std::string_view text);

// Removes one known secret from text: the secret itself, its URL-encoded
// form, and masked echoes of it such as OpenAI's "sk-ab***cd" (a prefix of
// the secret, asterisks, then a suffix of it). Secrets shorter than 8
// characters are left alone: they are placeholders ("none", "ollama"), and
// replacing them would shred ordinary words.
std::string redact_known(std::string_view text, std::string_view secret);

}  // namespace parley
