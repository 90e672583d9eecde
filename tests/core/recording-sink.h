#pragma once

#include "providers/reply-sink.h"

#include <string>

namespace parley::test {

class RecordingSink final : public ReplySink {
public:
    void on_text(std::string_view text) override {
        text_.append(text);
        ++deltas_;
    }
    void on_reasoning(std::string_view text) override { reasoning_.append(text); }
    const std::string& text() const { return text_; }
    const std::string& reasoning() const { return reasoning_; }
    int deltas() const { return deltas_; }

private:
    std::string text_;
    std::string reasoning_;
    int deltas_ = 0;
};

}  // namespace parley::test
