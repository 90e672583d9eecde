#include "chat/markdown-document.h"

#include <md4c.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <map>

namespace parley {

namespace {

// GitHub's dialect; raw HTML off, so a reply's markup shows as the text it is.
constexpr unsigned kDialect = MD_DIALECT_GITHUB | MD_FLAG_NOHTML;

void append_utf8(std::string& out, std::uint32_t code) {
    if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) code = 0xFFFD;
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// md4c hands entities over undecoded. Numeric ones and the few named ones
// people type are decoded; any other stays as written, which is readable.
std::string decode_entity(std::string_view entity) {
    static const std::map<std::string_view, std::string_view> named = {
        {"&amp;", "&"},       {"&lt;", "<"},    {"&gt;", ">"},   {"&quot;", "\""}, {"&apos;", "'"},
        {"&nbsp;", "\u00A0"}, {"&copy;", "©"},  {"&reg;", "®"},  {"&mdash;", "—"}, {"&ndash;", "–"},
        {"&hellip;", "…"},    {"&times;", "×"}, {"&rarr;", "→"}, {"&larr;", "←"}};
    if (entity.size() > 3 && entity[1] == '#') {
        const bool hex = entity[2] == 'x' || entity[2] == 'X';
        const std::string digits(entity.substr(hex ? 3 : 2, entity.size() - (hex ? 4 : 3)));
        std::string out;
        append_utf8(out, static_cast<std::uint32_t>(std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10)));
        return out;
    }
    const auto found = named.find(entity);
    return std::string(found == named.end() ? entity : found->second);
}

std::string attribute_text(const MD_ATTRIBUTE& attribute) {
    std::string out;
    // An empty attribute (an indented code block's language) comes without offsets.
    if (attribute.size == 0 || attribute.text == nullptr) return out;
    for (unsigned i = 0; attribute.substr_offsets[i] < attribute.size; ++i) {
        const std::string_view part(attribute.text + attribute.substr_offsets[i],
                                    attribute.substr_offsets[i + 1] - attribute.substr_offsets[i]);
        if (attribute.substr_types[i] == MD_TEXT_ENTITY) {
            out += decode_entity(part);
        } else if (attribute.substr_types[i] == MD_TEXT_NULLCHAR) {
            out += "\uFFFD";
        } else {
            out += part;
        }
    }
    return out;
}

void append_span(MarkdownSpans& spans, std::string_view text, unsigned style, const std::string& url) {
    if (text.empty()) return;
    if (!spans.empty() && spans.back().style == style && spans.back().url == url) {
        spans.back().text += text;
    } else {
        spans.push_back({std::string(text), style, url});
    }
}

// Collects md4c's callbacks into blocks.
class BlockBuilder {
public:
    std::vector<MarkdownBlock> blocks;

    int enter_block(MD_BLOCKTYPE type, void* detail) {
        switch (type) {
            case MD_BLOCK_DOC: break;
            case MD_BLOCK_QUOTE:
                close_implicit_paragraph();
                ++quote_depth_;
                break;
            case MD_BLOCK_UL:
                close_implicit_paragraph();
                lists_.push_back({false, 0});
                break;
            case MD_BLOCK_OL:
                close_implicit_paragraph();
                lists_.push_back({true, static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start});
                break;
            case MD_BLOCK_LI: {
                close_implicit_paragraph();
                auto* li = static_cast<MD_BLOCK_LI_DETAIL*>(detail);
                auto& list = lists_.back();
                pending_marker_ = list.ordered ? std::to_string(list.next++) + "." : "•";
                pending_task_.reset();
                if (li->is_task) pending_task_ = li->task_mark != ' ';
                break;
            }
            case MD_BLOCK_HR: open(BlockKind::thematic_break); break;
            case MD_BLOCK_H:
                open(BlockKind::heading).heading_level =
                    static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
                break;
            case MD_BLOCK_CODE: {
                auto& block = open(BlockKind::code);
                block.language = attribute_text(static_cast<MD_BLOCK_CODE_DETAIL*>(detail)->lang);
                break;
            }
            case MD_BLOCK_HTML:
            case MD_BLOCK_P: open(BlockKind::paragraph); break;
            case MD_BLOCK_TABLE: open(BlockKind::table); break;
            case MD_BLOCK_THEAD: in_head_ = true; break;
            case MD_BLOCK_TBODY: in_head_ = false; break;
            case MD_BLOCK_TR:
                current().table.rows.emplace_back();
                if (in_head_) ++current().table.header_rows;
                break;
            case MD_BLOCK_TH:
            case MD_BLOCK_TD: {
                auto& table = current().table;
                table.rows.back().emplace_back();
                if (table.rows.size() == 1) {
                    const MD_ALIGN align = static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align;
                    table.align.push_back(align == MD_ALIGN_CENTER  ? CellAlign::center
                                          : align == MD_ALIGN_RIGHT ? CellAlign::right
                                                                    : CellAlign::left);
                }
                break;
            }
        }
        return 0;
    }

    int leave_block(MD_BLOCKTYPE type) {
        switch (type) {
            case MD_BLOCK_QUOTE:
                close_implicit_paragraph();
                --quote_depth_;
                break;
            case MD_BLOCK_UL:
            case MD_BLOCK_OL: lists_.pop_back(); break;
            case MD_BLOCK_LI:
                close_implicit_paragraph();
                // An empty item still shows its marker.
                if (!pending_marker_.empty()) {
                    open(BlockKind::paragraph);
                    close();
                }
                break;
            case MD_BLOCK_HR:
            case MD_BLOCK_H:
            case MD_BLOCK_CODE:
            case MD_BLOCK_HTML:
            case MD_BLOCK_P:
            case MD_BLOCK_TABLE: close(); break;
            default: break;
        }
        return 0;
    }

    int enter_span(MD_SPANTYPE type, void* detail) {
        switch (type) {
            case MD_SPAN_EM: ++counts_[span_emphasis]; break;
            case MD_SPAN_STRONG: ++counts_[span_strong]; break;
            case MD_SPAN_DEL: ++counts_[span_strike]; break;
            case MD_SPAN_CODE: ++counts_[span_code]; break;
            case MD_SPAN_A:
                ++counts_[span_link];
                urls_.push_back(attribute_text(static_cast<MD_SPAN_A_DETAIL*>(detail)->href));
                break;
            case MD_SPAN_IMG:
                ++counts_[span_image];
                urls_.push_back(attribute_text(static_cast<MD_SPAN_IMG_DETAIL*>(detail)->src));
                break;
            default: break;
        }
        return 0;
    }

    int leave_span(MD_SPANTYPE type) {
        switch (type) {
            case MD_SPAN_EM: --counts_[span_emphasis]; break;
            case MD_SPAN_STRONG: --counts_[span_strong]; break;
            case MD_SPAN_DEL: --counts_[span_strike]; break;
            case MD_SPAN_CODE: --counts_[span_code]; break;
            case MD_SPAN_A:
                --counts_[span_link];
                urls_.pop_back();
                break;
            case MD_SPAN_IMG:
                --counts_[span_image];
                urls_.pop_back();
                break;
            default: break;
        }
        return 0;
    }

    int text(MD_TEXTTYPE type, std::string_view text) {
        // Text straight inside a list item is a tight list's paragraph.
        if (!open_) open(BlockKind::paragraph, true);
        switch (type) {
            case MD_TEXT_NULLCHAR: add("\uFFFD"); break;
            case MD_TEXT_BR: add("\n"); break;
            // A reply's line breaks are kept as written, as chat apps and GitHub's
            // comments show them; joined, a long reply made of lines becomes one
            // paragraph-long line that a text view lays out again at each change.
            case MD_TEXT_SOFTBR: add("\n"); break;
            case MD_TEXT_ENTITY: add(decode_entity(text)); break;
            default: add(text); break;
        }
        return 0;
    }

private:
    struct List {
        bool ordered = false;
        unsigned next = 1;
    };

    MarkdownBlock& current() { return blocks.back(); }

    MarkdownBlock& open(BlockKind kind, bool implicit = false) {
        MarkdownBlock block;
        block.kind = kind;
        block.quote_depth = quote_depth_;
        block.list_depth = static_cast<int>(lists_.size());
        block.marker = std::move(pending_marker_);
        block.task_checked = pending_task_;
        pending_marker_.clear();
        pending_task_.reset();
        blocks.push_back(std::move(block));
        open_ = true;
        implicit_ = implicit;
        return blocks.back();
    }

    void close() { open_ = false; }

    void close_implicit_paragraph() {
        if (open_ && implicit_) close();
    }

    void add(std::string_view text) {
        unsigned style = 0;
        for (const auto& [bit, count] : counts_) {
            if (count > 0) style |= bit;
        }
        const std::string& url = urls_.empty() ? no_url_ : urls_.back();
        auto& block = current();
        if (block.kind == BlockKind::code) style |= span_code;
        auto& spans = block.kind == BlockKind::table ? block.table.rows.back().back() : block.spans;
        append_span(spans, text, style, url);
    }

    int quote_depth_ = 0;
    std::vector<List> lists_;
    std::string pending_marker_;
    std::optional<bool> pending_task_;
    bool open_ = false;
    bool implicit_ = false;
    bool in_head_ = false;
    std::map<unsigned, int> counts_;
    std::vector<std::string> urls_;
    const std::string no_url_;
};

}  // namespace

std::vector<MarkdownBlock> parse_markdown(std::string_view text) {
    BlockBuilder builder;
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = kDialect;
    parser.enter_block = [](MD_BLOCKTYPE type, void* detail, void* self) {
        return static_cast<BlockBuilder*>(self)->enter_block(type, detail);
    };
    parser.leave_block = [](MD_BLOCKTYPE type, void*, void* self) {
        return static_cast<BlockBuilder*>(self)->leave_block(type);
    };
    parser.enter_span = [](MD_SPANTYPE type, void* detail, void* self) {
        return static_cast<BlockBuilder*>(self)->enter_span(type, detail);
    };
    parser.leave_span = [](MD_SPANTYPE type, void*, void* self) {
        return static_cast<BlockBuilder*>(self)->leave_span(type);
    };
    parser.text = [](MD_TEXTTYPE type, const MD_CHAR* data, MD_SIZE size, void* self) {
        return static_cast<BlockBuilder*>(self)->text(type, std::string_view(data, size));
    };
    md_parse(text.data(), static_cast<MD_SIZE>(text.size()), &parser, &builder);
    return std::move(builder.blocks);
}

bool is_openable_link(std::string_view url) {
    for (const std::string_view scheme : {"http://", "https://", "mailto:"}) {
        if (url.size() <= scheme.size()) continue;
        const bool match = std::equal(scheme.begin(), scheme.end(), url.begin(),
                                      [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
        if (match) return true;
    }
    return false;
}

std::string plain_text(const MarkdownSpans& spans) {
    std::string out;
    for (const auto& span : spans) out += span.text;
    return out;
}

}  // namespace parley
