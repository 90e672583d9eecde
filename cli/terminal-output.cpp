#include "terminal-output.h"

#include "terminal-input.h"

#include <cstdint>
#include <iostream>
#include <streambuf>

namespace parley {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

void append_code_point(std::uint32_t cp, std::string& out) {
    if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    }
    out += static_cast<char>(0x80 | (cp & 0x3F));
}

// The Unicode control pictures show what was there: ␛ for ESC, ␇ for BEL.
void append_control_picture(unsigned char byte, std::string& out) {
    append_code_point(byte == 0x7F ? 0x2421 : 0x2400 + byte, out);
}

// The length of the UTF-8 sequence `lead` starts and the range its second
// byte must be in (which rules out overlong forms and surrogates); 0 when
// `lead` cannot start one.
struct SequenceShape {
    std::size_t length = 0;
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
};

SequenceShape shape_of(unsigned char lead) {
    if (lead >= 0xC2 && lead <= 0xDF) return {2};
    if (lead == 0xE0) return {3, 0xA0, 0xBF};
    if (lead == 0xED) return {3, 0x80, 0x9F};
    if (lead >= 0xE1 && lead <= 0xEF) return {3};
    if (lead == 0xF0) return {4, 0x90, 0xBF};
    if (lead >= 0xF1 && lead <= 0xF3) return {4};
    if (lead == 0xF4) return {4, 0x80, 0x8F};
    return {};
}

// How many bytes of `bytes` from `at` continue a sequence of `shape` (up to
// its length).
std::size_t valid_prefix(std::string_view bytes, std::size_t at, SequenceShape shape) {
    std::size_t n = 1;
    for (; n < shape.length && at + n < bytes.size(); ++n) {
        const auto b = static_cast<unsigned char>(bytes[at + n]);
        const bool ok = n == 1 ? b >= shape.second_min && b <= shape.second_max : (b & 0xC0) == 0x80;
        if (!ok) break;
    }
    return n;
}

}  // namespace

void TerminalTextFilter::filter(std::string_view input, std::string& out) {
    std::string joined;
    std::string_view bytes = input;
    if (!held_.empty()) {
        joined = held_ + std::string(input);
        held_.clear();
        bytes = joined;
    }
    std::size_t i = 0;
    while (i < bytes.size()) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (b == '\n' || b == '\t' || (b >= 0x20 && b < 0x7F)) {
            out += static_cast<char>(b);
            ++i;
        } else if (b == '\r') {
            // CR LF is a line end; a lone CR would return to the line's start
            // and let what follows overwrite what was shown.
            if (i + 1 == bytes.size()) {
                held_ = "\r";
            } else if (bytes[i + 1] != '\n') {
                append_control_picture(b, out);
            }
            ++i;
        } else if (b < 0x80) {
            append_control_picture(b, out);
            ++i;
        } else {
            const SequenceShape shape = shape_of(b);
            const std::size_t valid = shape.length ? valid_prefix(bytes, i, shape) : 0;
            if (valid == shape.length && shape.length) {
                const auto second = static_cast<unsigned char>(bytes[i + 1]);
                // U+0080-U+009F: C1 controls (CSI, OSC, ST ...) in UTF-8.
                if (b == 0xC2 && second <= 0x9F) {
                    out += kReplacement;
                } else {
                    out.append(bytes.substr(i, shape.length));
                }
                i += shape.length;
            } else if (shape.length && i + valid == bytes.size()) {
                held_ = bytes.substr(i);
                i = bytes.size();
            } else {
                out += kReplacement;
                ++i;
            }
        }
    }
}

void TerminalTextFilter::finish(std::string& out) {
    if (held_ == "\r") {
        append_control_picture('\r', out);
    } else if (!held_.empty()) {
        out += kReplacement;
    }
    held_.clear();
}

// A stream buffer that filters what it is given and passes it on at once,
// so what is written reaches the terminal as promptly as before. It keeps
// the filter's state unlocked: parley-cli writes from its main thread only.
class TerminalOutput::FilteringBuffer final : public std::streambuf {
public:
    explicit FilteringBuffer(std::ostream& stream) : stream_(stream), target_(stream.rdbuf()) { stream_.rdbuf(this); }
    ~FilteringBuffer() override {
        shown_.clear();
        filter_.finish(shown_);
        target_->sputn(shown_.data(), static_cast<std::streamsize>(shown_.size()));
        target_->pubsync();
        stream_.rdbuf(target_);
    }
    FilteringBuffer(const FilteringBuffer&) = delete;
    FilteringBuffer& operator=(const FilteringBuffer&) = delete;

    std::streambuf* target() const { return target_; }

protected:
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        const char byte = traits_type::to_char_type(c);
        return xsputn(&byte, 1) == 1 ? c : traits_type::eof();
    }
    std::streamsize xsputn(const char* bytes, std::streamsize count) override {
        shown_.clear();
        filter_.filter(std::string_view(bytes, static_cast<std::size_t>(count)), shown_);
        const auto size = static_cast<std::streamsize>(shown_.size());
        return target_->sputn(shown_.data(), size) == size ? count : 0;
    }
    int sync() override { return target_->pubsync(); }

private:
    std::ostream& stream_;
    std::streambuf* target_;
    TerminalTextFilter filter_;
    std::string shown_;
};

namespace {

std::streambuf* machine_output_buffer = nullptr;

}  // namespace

TerminalOutput::TerminalOutput() {
    if (stdout_is_terminal()) {
        out_ = std::make_unique<FilteringBuffer>(std::cout);
        machine_output_buffer = out_->target();
    }
    if (stderr_is_terminal()) err_ = std::make_unique<FilteringBuffer>(std::cerr);
}

TerminalOutput::~TerminalOutput() {
    std::cout.flush();
    machine_output_buffer = nullptr;
}

void write_machine_output(std::string_view bytes) {
    std::cout.flush();
    std::streambuf* target = machine_output_buffer ? machine_output_buffer : std::cout.rdbuf();
    target->sputn(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    target->pubsync();
}

}  // namespace parley
