#pragma once

#include "chat/markdown-document.h"

#include <string>
#include <vector>

class wxTextAttr;
class wxTextCtrl;

namespace parley {

// A stretch of a text control, in its positions.
struct TextRange {
    long start = 0;
    long end = 0;

    bool contains(long position) const { return position >= start && position < end; }
};

struct RenderedLink {
    TextRange range;
    std::string url;
};

struct RenderedCode {
    TextRange range;
    std::string code;  // exactly the block's text: no fence lines, no line end after the last line
    std::string language;
};

// Appends Markdown blocks to a rich text control with their styles: fonts
// derived from the control's own, colours only from the system's palette so
// a dark theme stays readable. Remembers where links and code blocks went.
class MarkdownRenderer {
public:
    explicit MarkdownRenderer(wxTextCtrl& text);

    // Appends `blocks`; `previous` is the block shown just before them, if
    // any, which decides the space between.
    void append(const std::vector<MarkdownBlock>& blocks, const MarkdownBlock* previous);
    // Forgets the links and code blocks from `position` on, after the text
    // there was removed to be rendered again.
    void forget_from(long position);

    const std::vector<RenderedLink>& links() const { return links_; }
    const std::vector<RenderedCode>& code_blocks() const { return code_blocks_; }
    void clear();

private:
    void append_block(const MarkdownBlock& block);
    void append_spans(const MarkdownSpans& spans, const wxTextAttr& base);
    void append_table(const MarkdownBlock& block, const wxTextAttr& base);
    void add(const std::string& text, const wxTextAttr& attr);
    wxTextAttr block_attr(const MarkdownBlock& block) const;

    wxTextCtrl& text_;
    std::vector<RenderedLink> links_;
    std::vector<RenderedCode> code_blocks_;
};

}  // namespace parley
